/*
 * Offline stand-in for Shopify's App Bridge script, for the demo admin host (demo/admin.ts)
 * and the browser tests only. The real script comes from Shopify's CDN, which the offline
 * demo cannot reach. It does the few things the app relies on, the way App Bridge does them:
 *
 * - `window.shopify` with `config`, `idToken()`, `toast` and `loading`;
 * - same-origin `fetch` calls carry `Authorization: Bearer <session token>`, so Remix's
 *   client navigations and form posts pass the app's real `authenticate.admin`;
 * - the auth bounce page (/auth/session-token?shopify-reload=...) gets a token and reloads
 *   into the app with `id_token`;
 * - the `ui-nav-menu` links are shown as a bar at the top (the admin's sidebar, in short).
 *
 * Tokens come from the demo host's /demo/session-token, signed with the app's secret as
 * Shopify signs them. Nothing here weakens the app's checks.
 */
(function () {
  "use strict";
  if (window.shopify) return; // The real App Bridge (or this script) is already running.

  var TOKEN_URL = "/demo/session-token";
  var TOKEN_REUSE_MS = 30 * 1000; // Tokens are valid for a minute: fetch a new one well before.
  var BOUNCE_PATH = "/auth/session-token";

  var script = document.currentScript;
  var params = new URLSearchParams(location.search);
  var config = {
    apiKey: (script && script.getAttribute("data-api-key")) || "",
    shop: params.get("shop") || "",
    host: params.get("host") || "",
    locale: "en",
  };

  // ---- Session tokens ---------------------------------------------------------------
  var originalFetch = window.fetch.bind(window);
  var current = null; // { token: Promise<string>, at: number }

  function idToken() {
    if (!current || Date.now() - current.at > TOKEN_REUSE_MS) {
      var pending = originalFetch(TOKEN_URL, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) throw new Error("The demo admin gave no session token (HTTP " + response.status + ").");
          return response.json();
        })
        .then(function (body) {
          return body.token;
        });
      current = { token: pending, at: Date.now() };
      pending.catch(function () {
        current = null; // Let the next call try again.
      });
    }
    return current.token;
  }

  function withToken(request) {
    return idToken().then(function (token) {
      var headers = new Headers(request.headers);
      headers.set("Authorization", "Bearer " + token);
      return originalFetch(new Request(request, { headers: headers }));
    });
  }

  // As App Bridge does: authenticate the app's own requests, and retry once with a fresh
  // token when the server says the token was not accepted (e.g. it expired on the way).
  window.fetch = function (input, init) {
    var request = new Request(input, init);
    var sameOrigin = new URL(request.url).origin === location.origin;
    if (!sameOrigin || request.headers.has("Authorization")) return originalFetch(input, init);
    var retry = request.clone();
    return withToken(request).then(function (response) {
      if (response.status === 401 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
        current = null;
        return withToken(retry);
      }
      return response;
    });
  };

  // ---- Bounce page: the app asked for a token in the URL ----------------------------------
  if (location.pathname === BOUNCE_PATH) {
    idToken().then(function (token) {
      var target = new URL(params.get("shopify-reload") || "/app", location.href);
      // Only ever reload into this app (the path of the URL, on this origin).
      var url = new URL(target.pathname + target.search, location.origin);
      url.searchParams.set("id_token", token);
      location.replace(url.toString());
    });
  }

  // ---- Keep the embedded parameters in the address ------------------------------------
  // In the admin a reload reopens the app with shop/host; here the app is the whole page,
  // so client navigations keep those parameters and a reload goes through the bounce page.
  function withEmbeddedParams(url) {
    if (url == null || !config.shop) return url;
    var target = new URL(String(url), location.href);
    if (target.origin !== location.origin) return url;
    var embedded = { embedded: "1", shop: config.shop, host: config.host };
    Object.keys(embedded).forEach(function (key) {
      if (embedded[key] && !target.searchParams.has(key)) target.searchParams.set(key, embedded[key]);
    });
    return target.pathname + target.search + target.hash;
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function (state, unused, url) {
      var result = original.call(history, state, unused, withEmbeddedParams(url));
      renderNav();
      return result;
    };
  });
  window.addEventListener("popstate", function () {
    renderNav();
  });

  // ---- Admin chrome: navigation bar, toasts, loading bar ------------------------------
  var STYLE =
    "ui-nav-menu{display:none!important}" +
    "body{padding-top:48px}" +
    ".demo-ab-nav{position:fixed;top:0;left:0;right:0;z-index:1000;height:48px;display:flex;gap:4px;align-items:center;" +
    "padding:0 16px;background:#1a1a1a;color:#e3e3e3;font:500 14px/1 system-ui,sans-serif}" +
    ".demo-ab-nav strong{margin-right:16px;color:#fff}" +
    ".demo-ab-nav a{color:#e3e3e3;text-decoration:none;padding:8px 12px;border-radius:8px}" +
    ".demo-ab-nav a:hover{background:#303030}" +
    ".demo-ab-nav a[aria-current=page]{background:#303030;color:#fff}" +
    ".demo-ab-loading{position:fixed;top:48px;left:0;height:3px;width:100%;z-index:1001;background:#8a8a8a;display:none}" +
    ".demo-ab-loading.on{display:block}" +
    ".demo-ab-toasts{position:fixed;bottom:24px;left:50%;transform:translateX(-50%);z-index:1002;display:flex;flex-direction:column;gap:8px}" +
    ".demo-ab-toast{background:#1a1a1a;color:#fff;padding:12px 16px;border-radius:10px;font:14px system-ui,sans-serif}" +
    ".demo-ab-toast.error{background:#8e1f0b}";

  // Added at the end of <body> once the page is parsed: React hydrates <body> and leaves
  // extra nodes after its own alone, while nodes in between would break hydration.
  var chrome = null;
  function ensureChrome() {
    if (chrome || document.readyState === "loading") return chrome;
    var style = document.createElement("style");
    style.textContent = STYLE;
    var nav = document.createElement("nav");
    nav.className = "demo-ab-nav";
    nav.setAttribute("aria-label", "Demo admin");
    var loading = document.createElement("div");
    loading.className = "demo-ab-loading";
    var toasts = document.createElement("div");
    toasts.className = "demo-ab-toasts";
    document.body.append(style, nav, loading, toasts);
    chrome = { nav: nav, loading: loading, toasts: toasts, signature: null };
    return chrome;
  }

  function renderNav() {
    if (!ensureChrome() || location.pathname === BOUNCE_PATH) return;
    var links = Array.prototype.slice.call(document.querySelectorAll("ui-nav-menu a[href]"));
    var signature =
      location.pathname +
      "|" +
      links
        .map(function (a) {
          return a.getAttribute("rel") + a.getAttribute("href") + a.textContent;
        })
        .join("|");
    if (signature === chrome.signature) return;
    chrome.signature = signature;

    var title = document.createElement("strong");
    title.textContent = "Loyalty Bazaar · demo admin";
    var items = links.filter(function (a) {
      return a.getAttribute("rel") !== "home";
    });
    chrome.nav.replaceChildren(title);
    items.forEach(function (source) {
      var link = document.createElement("a");
      var href = source.getAttribute("href");
      link.href = withEmbeddedParams(href);
      link.textContent = source.textContent;
      if (new URL(href, location.href).pathname === location.pathname) link.setAttribute("aria-current", "page");
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        // App Bridge tells the app to navigate by this event on the menu's link; the app's
        // AppProvider listens for it and navigates with Remix (no page reload).
        source.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
      });
      chrome.nav.append(link);
    });
  }

  var toastCount = 0;
  function showToast(message, options) {
    var id = "demo-toast-" + ++toastCount;
    if (!ensureChrome()) return id;
    var toast = document.createElement("div");
    toast.id = id;
    toast.className = "demo-ab-toast" + (options && options.isError ? " error" : "");
    toast.setAttribute("role", "status");
    toast.textContent = message;
    chrome.toasts.append(toast);
    setTimeout(
      function () {
        toast.remove();
      },
      (options && options.duration) || 5000,
    );
    return id;
  }

  window.shopify = {
    config: config,
    origin: location.origin,
    environment: { embedded: true, mobile: false, pos: false },
    idToken: idToken,
    toast: {
      show: showToast,
      hide: function (id) {
        var toast = document.getElementById(id);
        if (toast) toast.remove();
      },
    },
    loading: function (isLoading) {
      if (ensureChrome()) chrome.loading.classList.toggle("on", isLoading !== false);
    },
  };

  function start() {
    renderNav();
    // The app re-renders its menu on navigation; keep the bar in step with it.
    new MutationObserver(renderNav).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
