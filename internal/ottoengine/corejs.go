package ottoengine

// coreJS defines the TykJS namespace the gateway loads before any script
// (its coreJS constant): middleware and event handler base objects with
// their prototype methods. Written from the gateway's behaviour; a virtual
// endpoint rarely uses it, but scripts that reference TykJS must load.
const coreJS = `
var TykJS = {
	TykMiddleware: {
		MiddlewareComponentMeta: function(configuration) { this.configuration = configuration; }
	},
	TykEventHandlers: {
		EventHandlerComponentMeta: function() {}
	}
};
(function(mw, ev) {
	mw.MiddlewareComponentMeta.prototype.ProcessRequest = function(request, session, config) {
		log("Process Request Not Implemented");
		return request;
	};
	mw.MiddlewareComponentMeta.prototype.DoProcessRequest = function(request, session, config) {
		request.Body = b64dec(request.Body);
		var out = this.ProcessRequest(request, session, config);
		if (!out) {
			log("Middleware didn't return request object!");
			return;
		}
		out.Request.Headers = {};
		out.Request.Body = b64enc(out.Request.Body);
		return JSON.stringify(out);
	};
	mw.NewMiddleware = function(configuration) { mw.MiddlewareComponentMeta.call(this, configuration); };
	mw.NewMiddleware.prototype = Object.create(mw.MiddlewareComponentMeta.prototype);
	mw.NewMiddleware.prototype.constructor = mw.NewMiddleware;
	mw.NewMiddleware.prototype.NewProcessRequest = function(callback) { this.ProcessRequest = callback; };
	mw.NewMiddleware.prototype.ReturnData = function(request, session) { return {Request: request, SessionMeta: session}; };
	mw.NewMiddleware.prototype.ReturnAuthData = function(request, session) { return {Request: request, Session: session}; };

	ev.EventHandlerComponentMeta.prototype.DoProcessEvent = function(event, context) {
		log("Calling built - in handle");
		this.Handle(event, context);
	};
	ev.EventHandlerComponentMeta.prototype.Handle = function(request, context) {
		log("Handler not implemented!");
		return request;
	};
	ev.NewEventHandler = function() { ev.EventHandlerComponentMeta.call(this); };
	ev.NewEventHandler.prototype = Object.create(ev.EventHandlerComponentMeta.prototype);
	ev.NewEventHandler.prototype.constructor = ev.NewEventHandler;
	ev.NewEventHandler.prototype.NewHandler = function(callback) { this.Handle = callback; };
})(TykJS.TykMiddleware, TykJS.TykEventHandlers);
`

// responseJS is the TykJsResponse helper the gateway defines after its Go
// API: JSON.stringify (otto's) of {Response, SessionMeta}.
const responseJS = `function TykJsResponse(response, session_meta) {
	return JSON.stringify({Response: response, SessionMeta: session_meta});
}`
