// tyk-core.js defines the TykJS namespace that Tyk's JSVM gives every script
// (the coreJS constant in Tyk's gateway/mw_js_plugin.go), written afresh for
// tyk-ve with the same observable behaviour: the same constructors,
// prototype chains, enumerable methods, log messages and return values.
// ES5 only. Helpers are looked up as globals when called (log, b64dec,
// b64enc, TykJS itself), as in Tyk, so a script that replaces one sees its
// replacement used.
var TykJS = {
	TykMiddleware: {
		MiddlewareComponentMeta: function (configuration) {
			this.configuration = configuration;
		}
	},
	TykEventHandlers: {
		EventHandlerComponentMeta: function () {}
	}
};

(function (mw, events) {
	var base = mw.MiddlewareComponentMeta.prototype;

	// Defaults a middleware overrides with NewProcessRequest and
	// NewProcessResponse.
	base.ProcessRequest = function (request, session, config) {
		log("Process Request Not Implemented");
		return request;
	};

	// DoProcessRequest is what the gateway calls: the body arrives base64
	// encoded and leaves that way, and the headers object of the result is
	// emptied (header changes travel in SetHeaders / DeleteHeaders).
	base.DoProcessRequest = function (request, session, config) {
		request.Body = b64dec(request.Body);
		var result = this.ProcessRequest(request, session, config);
		if (!result) {
			log("Middleware didn't return request object!");
			return;
		}
		result.Request.Headers = {};
		result.Request.Body = b64enc(result.Request.Body);
		return JSON.stringify(result);
	};

	base.ProcessResponse = function (response, request, session, config) {
		log("Process Response Not Implemented");
		return response;
	};

	base.DoProcessResponse = function (response, request, session, config) {
		var result = this.ProcessResponse(response, request, session, config);
		if (!result) {
			log("Middleware didn't return response object!");
			return;
		}
		return JSON.stringify(result);
	};

	// NewMiddleware is the constructor scripts use.
	mw.NewMiddleware = function (configuration) {
		TykJS.TykMiddleware.MiddlewareComponentMeta.call(this, configuration);
	};
	var proto = Object.create(base);
	mw.NewMiddleware.prototype = proto;
	proto.constructor = mw.NewMiddleware;

	proto.NewProcessRequest = function (callback) {
		this.ProcessRequest = callback;
	};
	proto.NewProcessResponse = function (callback) {
		this.ProcessResponse = callback;
	};
	proto.ReturnData = function (request, session) {
		return {Request: request, SessionMeta: session};
	};
	proto.ReturnResponseData = function (response, session) {
		return {Response: response, SessionMeta: session};
	};
	proto.ReturnAuthData = function (request, session) {
		return {Request: request, Session: session};
	};

	// Event handlers.
	var handlerBase = events.EventHandlerComponentMeta.prototype;
	handlerBase.DoProcessEvent = function (event, context) {
		log("Calling built - in handle");
		this.Handle(event, context);
	};
	handlerBase.Handle = function (request, context) {
		log("Handler not implemented!");
		return request;
	};

	events.NewEventHandler = function () {
		TykJS.TykEventHandlers.EventHandlerComponentMeta.call(this);
	};
	var handlerProto = Object.create(handlerBase);
	events.NewEventHandler.prototype = handlerProto;
	handlerProto.constructor = events.NewEventHandler;
	handlerProto.NewHandler = function (callback) {
		this.Handle = callback;
	};
})(TykJS.TykMiddleware, TykJS.TykEventHandlers);
