module.exports = { handler: function () { return TykJsResponse({Body: "cjs", Code: 200}, null) } };
