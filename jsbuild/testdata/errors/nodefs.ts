import { readFileSync } from "fs";
export const y = readFileSync;
