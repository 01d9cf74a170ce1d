function hello(){}
