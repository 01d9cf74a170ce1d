// A Workers-style handler in TypeScript: `tyk-ve build` (or tyk-ve dev and
// tyk-ve test, which build on the fly) turns it into the script the plugin
// runs. The endpoint sets "handler": "fetch"; the default export's fetch
// method gets the call as a Request, the API's config_data as env.config,
// and returns a Response.
import { greet } from "./greet";

interface Config {
  greeting: string;
}

export default {
  async fetch(request: Request, env: TykEnv<Config>, ctx: TykExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === "POST") {
      const body = (await request.json()) as { name?: unknown };
      if (typeof body.name !== "string") {
        return Response.json({ error: "name must be a string" }, { status: 400 });
      }
      return Response.json({ message: greet(env.config.greeting, body.name) }, { status: 201 });
    }
    const name = url.searchParams.get("name") ?? "world";
    return Response.json({ message: greet(env.config.greeting, name), path: url.pathname });
  },
} satisfies TykExportedHandler<Config>;
