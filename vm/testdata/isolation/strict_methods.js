"use strict";
// Strict code: this in methods is the object; the top level builds objects.
class Account {
	constructor() { this.balance = 0 }
	deposit(n) { this.balance += n; return this.balance }
}
var acct = new Account();
function handler(request, session, config) {
	var obs = [acct.deposit(5), new Account().deposit(1)];
	return TykJsResponse({Body: JSON.stringify(obs), Code: 200, Headers: {"X-Obs": String(obs.length)}}, session.meta_data);
}
