// The Function constructor parses too.
return Function("return " + "[".repeat(300000) + "]".repeat(300000))().length;
