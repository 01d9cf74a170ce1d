// x => x => ... compiles recursively.
return Function("return " + "x=>".repeat(300000) + "1")();
