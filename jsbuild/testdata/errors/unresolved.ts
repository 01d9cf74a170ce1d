import { x } from "./nowhere";
export const y = x;
