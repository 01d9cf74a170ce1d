// goja parses eval text with a recursive-descent parser.
return eval("(".repeat(300000) + "1" + ")".repeat(300000));
