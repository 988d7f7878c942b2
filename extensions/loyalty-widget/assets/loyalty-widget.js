// The JS every storefront page loads, so kept under 4,000 B gzip (npm run bundle-size): engagement
// events, earned-points notes, and the panel module imported on first interaction. See docs/decisions/0026.
(() => {
  "use strict";

  if (window.LoyaltyBazaar) return;
  const configNode = document.querySelector("[data-loyalty-config]");
  if (!configNode) return;

  const config = JSON.parse(configNode.textContent);
  const text = config.i18n;
  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, key) => (key in values ? values[key] : m));
  const root = config.rootUrl.replace(/\/$/, "");
  const locale = config.locale || undefined;
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  const word = (forms, count, values) =>
    fill(typeof forms == "string" ? forms : forms[plurals.select(count)] || forms.other, values);
  const points = (value) => word(text.points, value, { points: numbers.format(value) });

  // Storage may throw (privacy modes): a cache only.
  const stored = (area, key, value) => {
    try {
      if (value === undefined) return window[area].getItem(key);
      window[area].setItem(key, value);
    } catch {
      return null;
    }
  };

  // GET, or POST with a body (keepalive: still sent as the page is left, a store search). A
  // refusal rejects with its answer and status; the panel words its code.
  async function request(path, body) {
    const response = await fetch(root + "/apps/loyalty/" + path, {
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      ...(body && { method: "POST", keepalive: true, body: JSON.stringify(body) }),
    }).catch(() => null);
    const answer = response && (await response.json().catch(() => null));
    if (response && response.ok && answer) return answer;
    throw Object.assign(new Error(), { answer: answer || {}, status: response && response.status });
  }

  // Answers may arrive out of order: the balance of the one sent last wins. views: mounted panels.
  const state = { data: null, balance: 0, view: null, sent: 0, shown: 0, views: [] };
  const update = () => state.views.forEach((view) => view.update());
  // The launcher's balance (Liquid's, from the customer metafield, written minutes later) follows too.
  const settle = (seq, value) => {
    if (seq >= state.shown && typeof value == "number") {
      state.shown = seq;
      state.balance = value;
      document.querySelectorAll("[data-loyalty-points]").forEach((node) => (node.textContent = points(value)));
    }
  };

  // The rewarded pages come with the page (an app metafield); until the app first wrote them, the view's.
  const pagesOf = (body) =>
    (body.waysToEarn || []).filter((way) => way.pattern).map((way) => ({ pattern: way.pattern, label: way.pageLabel }));
  let knownPages = config.pages || [];
  function loadView() {
    const seq = ++state.sent;
    const loading = request("customer?locale=" + config.locale).then((body) => {
      if (typeof body.balance != "number") throw new Error();
      knownPages = pagesOf(body).concat(config.pages || []);
      state.data = body;
      settle(seq, body.balance);
      update();
      return body;
    });
    state.view = loading;
    loading.catch(() => state.view === loading && (state.view = null));
    return loading;
  }

  // To an open panel, else the launcher's note, else the share block's live region.
  let said = "";
  const say = (message) => {
    said = message;
    const live = document.querySelector("[data-loyalty-toast]") || document.querySelector("[data-loyalty-live]");
    if (live && !state.views.some((view) => view.say(message))) {
      // A new node each time: text changed in place counts as layout shift.
      live.replaceChildren(Object.assign(document.createElement("p"), { textContent: message }));
      clearTimeout(live.timer);
      live.timer = setTimeout(() => live.replaceChildren(), 8000);
    }
  };

  function earned(seq, answer, message) {
    settle(seq, answer.balance);
    update();
    const total = (answer.awards || []).reduce((sum, award) => sum + award.points, 0);
    if (total > 0) {
      say(fill(message, { points: points(total) }));
      if (state.view) loadView().catch(() => {});
    }
    return answer;
  }

  // As the server reads patterns: path only, any case, `*` = anything.
  const trim = (path) => path.toLowerCase().replace(/\/+$/, "") || "/";
  const matches = (pattern, path) =>
    new RegExp(
      "^" +
        trim(pattern.split(/[?#]/)[0])
          .split("*")
          .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*") +
        "$",
    ).test(path);
  const pageName = (url) => {
    try {
      const path = trim(decodeURIComponent(new URL(url, location.href).pathname));
      const match = knownPages.find((candidate) => matches(candidate.pattern, path));
      return match && match.label;
    } catch {
      return null;
    }
  };

  // A lost event only costs its points: never an error.
  function track(type, details, page) {
    if (!config.loggedIn || !type) return Promise.resolve(null);
    const seq = ++state.sent;
    page = page || (type == "page_visit" && details && pageName(details.url));
    const message =
      type == "page_visit" && !page ? text.earned.this_page : fill(text.earned[type] || text.earned.other, { page });
    return request("events", { ...details, type }).then(
      (answer) => earned(seq, answer, message),
      () => null,
    );
  }

  let ready = Promise.resolve();
  if (config.loggedIn) {
    // Once a day per browser (the server enforces the period anyway).
    const VISIT = "loyalty-bazaar:visit";
    const today = config.customerId + ":" + new Date().toDateString();
    const visit =
      stored("localStorage", VISIT) === today
        ? null
        : track("visit").then((answer) => answer && stored("localStorage", VISIT, today));

    // Without the locale prefix, as the merchant wrote it.
    const pathname = location.pathname;
    let here =
      pathname == root ? "/" : root && pathname.startsWith(root + "/") ? pathname.slice(root.length) : pathname;
    try {
      here = decodeURIComponent(here);
    } catch {
      // A malformed escape: compare the raw path.
    }
    // A rewarded page once a day per browser too (a rule's period is a day or more).
    const page = (config.pages ? Promise.resolve(knownPages) : loadView().then(pagesOf))
      .then((pages) => {
        const match = pages.find((candidate) => matches(candidate.pattern, trim(here)));
        const seen = "loyalty-bazaar:page:" + (match && match.pattern);
        return (
          match &&
          stored("localStorage", seen) !== today &&
          track("page_visit", { url: here }, match.label || here).then(
            (answer) => answer && stored("localStorage", seen, today),
          )
        );
      })
      .catch(() => null);
    ready = Promise.all([visit, page]).then(() => {});
  }

  const detailsOf = (element) => {
    const details = {};
    for (const [key, value] of Object.entries(element.dataset)) {
      if (/^loyalty(?!Event$|ShareNative$)./.test(key)) details[key.charAt(7).toLowerCase() + key.slice(8)] = value;
    }
    return details;
  };
  const fire = (element) => track(element.dataset.loyaltyEvent, detailsOf(element));

  if (navigator.share)
    document.querySelectorAll("[data-loyalty-share]").forEach((block) => block.classList.add("loyalty-share--native"));

  document.addEventListener("click", (event) => {
    const target = event.target.closest ? event.target : null;
    const element = target && target.closest("[data-loyalty-event]");
    if (element && element.tagName != "FORM" && element.dataset.loyaltyEvent != "offer_viewed") fire(element);
    const native = navigator.share && target && target.closest("[data-loyalty-share-native]");
    if (native) {
      navigator.share({ title: native.dataset.title, url: native.dataset.url }).then(
        () => track("share", { ...detailsOf(native), network: "device" }),
        () => {},
      );
    }
  });
  // A search leaves the page: it waits for the answer (≤ 2 s) and the next page says what it earned.
  const NOTE = "loyalty-bazaar:note";
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("form[data-loyalty-event]") || form.loyaltySent) return;
    said = "";
    const answered = fire(form);
    if (event.defaultPrevented || !config.loggedIn) return;
    event.preventDefault();
    form.loyaltySent = true;
    Promise.race([answered, new Promise((resolve) => setTimeout(resolve, 2000))]).then(() => {
      if (said) stored("sessionStorage", NOTE, said);
      if (form.requestSubmit) form.requestSubmit(event.submitter);
      else form.submit();
    });
  });
  const offers = document.querySelectorAll('[data-loyalty-event="offer_viewed"]');
  if (offers.length && window.IntersectionObserver) {
    const observer = new IntersectionObserver(
      (entries) =>
        entries.forEach((entry) => {
          if (!entry.isIntersecting) return;
          observer.unobserve(entry.target);
          fire(entry.target);
        }),
      { threshold: 0.5 },
    );
    offers.forEach((element) => observer.observe(element));
  }

  window.LoyaltyBazaar = { track: (type, details) => track(type, details), ready };

  // What the panel module needs is handed over, not global.
  const core = { config, fill, word, points, root, request, state, settle, loadView, earned, say };
  let panelModule = null;
  const loadPanel = () => (panelModule = panelModule || import(config.panelUrl));

  document.querySelectorAll("[data-loyalty-widget]").forEach((widget) => {
    const launcher = widget.querySelector("[data-loyalty-launcher]");
    const panel = widget.querySelector("[data-loyalty-panel]");
    let controller = null;
    launcher.addEventListener("pointerenter", loadPanel);
    launcher.addEventListener("focus", loadPanel);
    // The first click shows the shell ("Loading…") at once; the module takes over.
    launcher.addEventListener("click", () => {
      if (controller) return controller.toggle();
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      panel.focus();
      loadPanel().then((module) => (controller = controller || module.dialog(core, widget)));
    });
  });
  document
    .querySelectorAll("[data-loyalty-page]")
    .forEach((page) => loadPanel().then((module) => module.inline(core, page)));

  const note = stored("sessionStorage", NOTE);
  if (note) {
    stored("sessionStorage", NOTE, "");
    say(note);
  }
})();
