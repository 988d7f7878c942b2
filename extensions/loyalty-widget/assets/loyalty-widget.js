/*
 * Loyalty widget: fills the launcher panel rendered by blocks/loyalty-launcher.liquid with the
 * shopper's points, ways to earn and rewards from the app proxy (/apps/loyalty), redeems
 * rewards, and reports engagement (visits, the merchant's pages, shares, store searches,
 * offers viewed, a birthday) so the shop's rules can reward it. The server decides every
 * award; this script only says what happened, and never who did it (the proxy signs that).
 * Vanilla, deferred, no dependencies: it runs on every storefront page, so it stays tiny.
 * All strings come translated from Liquid (with plural forms); the proxy answers codes and
 * numbers, money as minor units and a currency code, which are worded and formatted here in
 * the shopper's locale. Proxy data is only ever set as text, never HTML.
 *
 * For theme developers: window.LoyaltyBazaar.track(type, details) (a promise of the app's
 * answer, null for guests or on failure), window.LoyaltyBazaar.ready (settles once the page's
 * own visit and page-visit events have been answered), and data-loyalty-event="store_search" on a form (sent on submit) or a button,
 * data-loyalty-event="offer_viewed" data-loyalty-offer-id="…" on an element (sent once half
 * of it has been on screen). Other data-loyalty-* attributes become details:
 * data-loyalty-product-id="1" → {productId: "1"}.
 */
(() => {
  "use strict";

  // The launcher embed and the share block both load this file: run once.
  if (window.LoyaltyBazaar) return;
  const configNode = document.querySelector("[data-loyalty-config]");
  if (!configNode) return;

  // Element factory: props named on* become listeners, others attributes; falsy children are skipped
  // so callers can write `condition && node`.
  const h = (tag, props, ...children) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
      else if (value != null && value !== false) element.setAttribute(name, value === true ? "" : value);
    }
    element.append(...children.flat(2).filter((child) => child || child === 0));
    return element;
  };

  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));

  const config = JSON.parse(configNode.textContent);
  const text = config.i18n;
  // routes.root_url is "/" for the primary locale but "/fr" (no trailing slash) under a prefix.
  const root = config.rootUrl.replace(/\/$/, "");
  const proxyUrl = root + "/apps/loyalty/";
  const locale = config.locale || undefined;
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  // A message that counts has plural forms ({one, other}); the shopper's language picks one.
  const word = (forms, count, values) =>
    fill(typeof forms === "string" ? forms : forms[plurals.select(count)] || forms.other, values);
  const points = (value) => word(text.points, value, { points: numbers.format(value) });
  // Money comes as minor units and a currency code: the currency says where the decimal point goes.
  const money = (value, options) => {
    try {
      const format = new Intl.NumberFormat(locale, { style: "currency", currency: value.currency, ...options });
      return format.format(value.amountMinor / 10 ** format.resolvedOptions().maximumFractionDigits);
    } catch {
      return numbers.format(value.amountMinor / 100) + " " + value.currency;
    }
  };

  // Storage may be missing or throw (privacy modes): it is a cache, never a requirement.
  const stored = (area, key, value) => {
    try {
      if (value === undefined) return window[area].getItem(key);
      window[area].setItem(key, value);
    } catch {
      return null;
    }
  };

  // The proxy answers JSON. A refusal is worded from its code and numbers (its English
  // `message` is for API readers); the error keeps the answer and status for the caller.
  async function request(path, init) {
    const response = await fetch(proxyUrl + path, {
      credentials: "same-origin",
      ...init,
      headers: { Accept: "application/json", ...(init && init.headers) },
    }).catch(() => null);
    const body = response && (await response.json().catch(() => null));
    if (response && response.ok && body) return body;
    const answer = body || {};
    const error = new Error(
      fill(text.errors[answer.error] || text.requestFailed, {
        needed: points(answer.needed || 0),
        available: points(answer.available || 0),
      }),
    );
    error.answer = answer;
    error.status = response && response.status;
    throw error;
  }

  // keepalive: an event sent as the shopper leaves the page (a store search form) still arrives.
  const post = (path, body) =>
    request(path, {
      method: "POST",
      keepalive: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });

  // Several requests report the balance and may finish out of order: the one sent last wins.
  let sent = 0;
  let shown = 0;
  let balance = 0;
  const settle = (seq, value) => {
    if (seq >= shown && typeof value === "number") {
      shown = seq;
      balance = value;
    }
  };

  // The launcher replaces these; without it, a hidden live region (the share block's) speaks.
  const ui = {
    update() {},
    say(message) {
      const live = document.querySelector("[data-loyalty-live]");
      if (live) live.textContent = message;
    },
  };

  // The shopper's view (balance, rewards, ways to earn). The page patterns that earn points are
  // kept for the session, so most page views cost no request.
  const PAGES = "loyalty-bazaar:pages";
  const pagesOf = (body) =>
    (body.waysToEarn || []).filter((way) => way.pattern).map((way) => ({ pattern: way.pattern, label: way.pageLabel }));
  let data = null;
  let view = null;
  let knownPages = [];
  function loadView() {
    const seq = ++sent;
    const loading = request("customer").then((body) => {
      if (typeof body.balance !== "number") throw new Error(text.loadError);
      knownPages = pagesOf(body);
      if (config.loggedIn)
        stored("sessionStorage", PAGES, JSON.stringify({ at: Date.now(), who: config.customerId, pages: knownPages }));
      data = body;
      settle(seq, body.balance);
      ui.update();
      return body;
    });
    view = loading;
    loading.catch(() => view === loading && (view = null));
    return loading;
  }

  // An answer with a balance: show it; after an award, say so and refresh what follows from it.
  let said = "";
  function earned(seq, answer, message) {
    settle(seq, answer.balance);
    ui.update();
    const total = (answer.awards || []).reduce((sum, award) => sum + award.points, 0);
    if (total > 0) {
      ui.say((said = fill(message, { points: points(total) })));
      if (view) loadView().catch(() => {});
    }
    return answer;
  }

  // The merchant's name for a page the shop rewards, when the URL is one of them.
  const pageName = (url) => {
    try {
      const path = trim(decodeURIComponent(new URL(url, location.href).pathname));
      const match = knownPages.find((candidate) => matches(candidate.pattern, path));
      return match && match.label;
    } catch {
      return null;
    }
  };

  // Engagement never bothers the shopper with an error: a lost event only costs its points.
  function track(type, details, page) {
    if (!config.loggedIn || !type) return Promise.resolve(null);
    const seq = ++sent;
    page = page || (type === "page_visit" && details && pageName(details.url));
    // A page visit reported without a name we know is "this page", never "the  page".
    const message =
      type === "page_visit" && !page ? text.earned.this_page : fill(text.earned[type] || text.earned.other, { page });
    return post("events", { ...details, type }).then(
      (answer) => earned(seq, answer, message),
      () => null,
    );
  }

  // Merchant patterns as the server reads them: path only, any case, no trailing slash, `*` = anything.
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

  let ready = Promise.resolve();
  if (config.loggedIn) {
    // The visit: at most once a day per browser (the server enforces the rule's period anyway).
    const VISIT = "loyalty-bazaar:visit";
    const today = config.customerId + ":" + new Date().toDateString();
    const visit =
      stored("localStorage", VISIT) === today
        ? null
        : track("visit").then((answer) => answer && stored("localStorage", VISIT, today));

    // The page, without the locale prefix: the merchant wrote "/pages/lookbook", not "/fr/pages/lookbook".
    const pathname = location.pathname;
    let here =
      pathname === root ? "/" : root && pathname.startsWith(root + "/") ? pathname.slice(root.length) : pathname;
    try {
      here = decodeURIComponent(here);
    } catch {
      // A malformed escape: compare the raw path.
    }
    let cached = null;
    try {
      cached = JSON.parse(stored("sessionStorage", PAGES));
    } catch {
      // A damaged cache is no cache.
    }
    const fresh = cached && cached.who === config.customerId && Date.now() - cached.at < 600000;
    if (fresh) knownPages = cached.pages;
    const page = (fresh ? Promise.resolve(cached.pages) : loadView().then(pagesOf))
      .then((pages) => {
        const match = pages.find((candidate) => matches(candidate.pattern, trim(here)));
        return match && track("page_visit", { url: here }, match.label || here);
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

  // The share block shows the device's own share sheet where there is one, its links elsewhere.
  if (navigator.share)
    document.querySelectorAll("[data-loyalty-share]").forEach((block) => block.classList.add("loyalty-share--native"));

  document.addEventListener("click", (event) => {
    const target = event.target.closest ? event.target : null;
    const element = target && target.closest("[data-loyalty-event]");
    if (element && element.tagName !== "FORM" && element.dataset.loyaltyEvent !== "offer_viewed") fire(element);
    const native = navigator.share && target && target.closest("[data-loyalty-share-native]");
    if (native) {
      // Points once the sheet reports a share; a cancelled sheet earns nothing.
      navigator.share({ title: native.dataset.title, url: native.dataset.url }).then(
        () => track("share", { ...detailsOf(native), network: "device" }),
        () => {},
      );
    }
  });
  // A form that leaves the page (a store search) would take the shopper's points note with it:
  // the search waits for the app's answer (at most 2 s), and the next page says what it earned.
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

  function init(widget) {
    const part = (name) => widget.querySelector(`[data-loyalty-${name}]`);
    const launcher = part("launcher");
    const panel = part("panel");
    const content = part("content");
    const status = part("status");
    const result = part("result");
    const toast = part("toast");
    const monthNames = new Intl.DateTimeFormat(config.locale || undefined, { month: "long", timeZone: "UTC" });
    let busy = false;
    let toastTimer = 0;

    const say = (message, isError) => {
      status.classList.toggle("loyalty-widget__error", !!isError);
      status.textContent = message;
    };

    // Earned points are announced in the open panel (unless it is showing something else, such
    // as a redeemed code), or in a note above the launcher.
    ui.say = (message) => {
      if (!panel.hidden && !status.textContent) return say(message);
      // A new node each time: changing the text in place would count as the note moving (layout shift).
      toast.replaceChildren(h("p", {}, message));
      clearTimeout(toastTimer);
      toastTimer = setTimeout(() => toast.replaceChildren(), 8000);
    };

    // New data re-renders the panel, except under the shopper's focus: then the balance alone changes.
    ui.update = () => {
      if (!data) return;
      const shownBalance = content.querySelector("[data-loyalty-balance]");
      if (shownBalance && content.contains(document.activeElement)) shownBalance.textContent = numbers.format(balance);
      else render();
    };

    function load() {
      content.setAttribute("aria-busy", "true");
      (view || loadView())
        .catch(() => {
          // Guests still have the join links; a failed fetch only costs them the reward list.
          content.replaceChildren(config.loggedIn ? h("p", { class: "loyalty-widget__error" }, text.loadError) : "");
        })
        .finally(() => content.setAttribute("aria-busy", "false"));
    }

    // A progress bar with its words: the text shown, and the same text for assistive technology.
    function meter(label, name, value, max) {
      const bar = h("span", { class: "loyalty-widget__bar-fill" });
      bar.style.width = `${Math.max(0, Math.min(100, (value / max) * 100))}%`; // CSSOM, not a style attribute, so strict CSPs allow it
      return h(
        "div",
        { class: "loyalty-widget__progress" },
        h("p", {}, label),
        h(
          "div",
          {
            class: "loyalty-widget__bar",
            role: "progressbar",
            "aria-label": name,
            "aria-valuemin": 0,
            "aria-valuemax": max,
            "aria-valuenow": Math.max(0, Math.min(max, value)),
            "aria-valuetext": label,
          },
          bar,
        ),
      );
    }

    function renderProgress(progress) {
      if (!progress) return data.rewards.length > 0 && h("p", { class: "loyalty-widget__muted" }, text.allUnlocked);
      const label = word(text.progress, progress.pointsNeeded, {
        points: numbers.format(progress.pointsNeeded),
        reward: progress.title,
      });
      const percent = Math.max(0, Math.min(100, Math.round(progress.percent)));
      return meter(label, fill(text.progressLabel, { reward: progress.title }), percent, 100);
    }

    // Qualification in the shop's unit: points, money (minor units of the shop's currency) or orders.
    const amount = (unit, value) =>
      unit === "money"
        ? money({ amountMinor: value, currency: data.currency })
        : unit === "orders"
          ? word(text.tier.orders, value, { orders: numbers.format(value) })
          : points(value);

    // A Shopify perk comes as a code ("free_shipping", "percent_off:10"), a merchant's perk as their words.
    const perk = (code) => {
      const off = /^percent_off:(\d+)$/.exec(code);
      return off
        ? fill(text.tier.percent_off, {
            percent: new Intl.NumberFormat(locale, { style: "percent" }).format(off[1] / 100),
          })
        : code === "free_shipping"
          ? text.tier.free_shipping
          : code;
    };

    // The shopper's tier, the way to the next one, its perks, and (once at risk) what keeps it.
    function renderTier(tier, next, keep) {
      const tiers = text.tier;
      return h(
        "div",
        { class: "loyalty-widget__tier", "data-loyalty-tier": "" },
        h("p", {}, h("span", { class: "loyalty-widget__muted" }, tiers.label), " ", h("strong", {}, tier.name)),
        next &&
          meter(
            fill(tiers.next, { amount: amount(next.unit, next.remaining), tier: next.name }),
            fill(tiers.progressLabel, { tier: next.name }),
            next.threshold - next.remaining,
            next.threshold,
          ),
        tier.perks.length > 0 &&
          h(
            "ul",
            { class: "loyalty-widget__perks" },
            tier.perks.map((p) => h("li", {}, perk(p))),
          ),
        keep &&
          h(
            "p",
            { "data-loyalty-keep": "" },
            fill(tiers.keep[keep.unit], {
              amount: amount(keep.unit, keep.remaining),
              date: new Date(keep.by).toLocaleDateString(locale, { dateStyle: "long", timeZone: "UTC" }),
              tier: tier.name,
            }),
          ),
      );
    }

    function renderReward(reward) {
      return h(
        "li",
        { class: "loyalty-widget__reward" },
        h(
          "span",
          {},
          h("span", { class: "loyalty-widget__reward-title" }, reward.title),
          h("span", { class: "loyalty-widget__muted" }, points(reward.costPoints)),
        ),
        data.loggedIn &&
          reward.costPoints <= balance &&
          h(
            "button",
            {
              type: "button",
              class: "loyalty-widget__button",
              "aria-label": fill(text.redeemReward, { reward: reward.title }),
              disabled: busy,
              onclick: (event) => redeem(reward, event.currentTarget),
            },
            text.redeem,
          ),
      );
    }

    // Links to share the programme (the shop's home page); the click is the share event.
    function programmeLinks() {
      const url = encodeURIComponent(location.origin + (root || "/"));
      const title = encodeURIComponent(document.title);
      const link = (network, href) =>
        h(
          "a",
          {
            href,
            class: "loyalty-widget__link",
            target: network !== "email" && "_blank",
            rel: "noopener",
            "data-loyalty-event": "share",
            "data-loyalty-subject": "programme",
            "data-loyalty-network": network,
          },
          text.share[network],
          network !== "email" && h("span", { class: "loyalty-hidden" }, ` ${text.share.newTab}`),
        );
      return h(
        "span",
        { class: "loyalty-widget__share" },
        link("email", `mailto:?subject=${title}&body=${url}`),
        link("x", `https://x.com/intent/tweet?url=${url}&text=${title}`),
        link("facebook", `https://www.facebook.com/sharer/sharer.php?u=${url}`),
      );
    }

    function renderWay(way) {
      const template = text.ways[way.kind === "share" ? `share_${way.subject}` : way.kind];
      const label = template
        ? fill(template, {
            page: way.pageLabel || way.pattern,
            field: text.fields[way.field] || way.field,
            network: way.network,
          })
        : way.label;
      return h(
        "li",
        { class: "loyalty-widget__way" },
        h("span", {}, label, way.kind === "share" && way.subject !== "product" && data.loggedIn && programmeLinks()),
        h("span", { class: "loyalty-widget__muted" }, points(way.points)),
      );
    }

    // What a purchase earns, in the shop's currency: "5 points for every $1 spent, on orders of $20.00 or more".
    function renderOffer(offer) {
      const currency = data.currency;
      const rate = word(text.earn.rate, offer.pointsPerUnit, {
        points: numbers.format(offer.pointsPerUnit),
        unit: money({ amountMinor: 1, currency }, { minimumFractionDigits: 0, maximumFractionDigits: 0 }),
      });
      return [
        h(
          "p",
          { "data-loyalty-offer": "" },
          offer.minimumOrderMinor > 0
            ? fill(text.earn.minimum, { rate, amount: money({ amountMinor: offer.minimumOrderMinor, currency }) })
            : rate,
        ),
        offer.firstOrderBonusPoints > 0 &&
          h(
            "p",
            { class: "loyalty-widget__muted" },
            fill(text.earn.firstOrder, { points: points(offer.firstOrderBonusPoints) }),
          ),
      ];
    }

    function renderBirthday() {
      const way = (data.waysToEarn || []).find((candidate) => candidate.field === "birthday");
      const options = (count, name) =>
        Array.from({ length: count }, (_, i) => h("option", { value: i + 1 }, name ? name(i) : i + 1));
      // The days the chosen month has (29 February is a birthday too: 2000 was a leap year).
      const days = () => {
        const chosen = day.value;
        const count = month.value ? new Date(Date.UTC(2000, month.value, 0)).getUTCDate() : 31;
        day.replaceChildren(h("option", { value: "" }), ...options(count));
        if (chosen <= count) day.value = chosen;
      };
      const month = h(
        "select",
        { required: true, onchange: days },
        h("option", { value: "" }),
        options(12, (i) => monthNames.format(Date.UTC(2000, i, 1))),
      );
      const day = h("select", { required: true });
      days();
      const save = h("button", { type: "submit", class: "loyalty-widget__button" }, text.birthday.save);
      return h(
        "form",
        {
          class: "loyalty-widget__birthday",
          onsubmit: (event) => {
            event.preventDefault();
            saveBirthday(month.value, day.value, save);
          },
        },
        h(
          "fieldset",
          {},
          h("legend", {}, text.birthday.legend),
          way && h("p", { class: "loyalty-widget__muted" }, fill(text.birthday.hint, { points: points(way.points) })),
          h(
            "span",
            { class: "loyalty-widget__fields" },
            h("label", {}, text.birthday.month, month),
            h("label", {}, text.birthday.day, day),
            save,
          ),
        ),
      );
    }

    function render() {
      const member = data.loggedIn;
      const rewards = data.rewards || [];
      const ways = data.waysToEarn || [];
      const codes = member ? data.redemptions || [] : [];
      const offers = (data.earn && data.earn.offers) || [];
      content.replaceChildren(
        ...[
          member &&
            h(
              "p",
              { class: "loyalty-widget__balance" },
              h("span", { class: "loyalty-widget__muted" }, text.balanceLabel),
              h("strong", { "data-loyalty-balance": "" }, numbers.format(balance)),
            ),
          member &&
            data.pending > 0 &&
            h(
              "p",
              { class: "loyalty-widget__muted", "data-loyalty-pending": "" },
              word(text.pending, data.pending, { points: numbers.format(data.pending) }),
            ),
          member && data.tier && renderTier(data.tier, data.nextTier, data.tierKeep),
          member && renderProgress(data.progress),
          member &&
            data.expiring &&
            h(
              "p",
              { class: "loyalty-widget__muted", "data-loyalty-expiring": "" },
              word(text.expiring, data.expiring.points, {
                points: numbers.format(data.expiring.points),
                date: new Date(data.expiring.on).toLocaleDateString(locale, { dateStyle: "long" }),
              }),
            ),
          (offers.length > 0 || ways.length > 0) && [
            h("h3", {}, text.howToEarn),
            offers.map(renderOffer),
            ways.length > 0 && h("ul", { class: "loyalty-widget__ways" }, ways.map(renderWay)),
          ],
          member && data.profile && !data.profile.birthday && renderBirthday(),
          member &&
            data.referral && [
              h("h3", {}, text.referral.heading),
              h("p", { class: "loyalty-widget__muted" }, text.referral.intro),
              h(
                "p",
                { class: "loyalty-widget__referral" },
                ...copyable(data.referral.url, text.referral.linkLabel, text.referral.copy),
              ),
            ],
          h("h3", {}, member ? text.rewardsHeading : text.guestRewards),
          rewards.length
            ? h("ul", { class: "loyalty-widget__rewards" }, rewards.map(renderReward))
            : h("p", { class: "loyalty-widget__muted" }, text.noRewards),
          codes.length > 0 && [
            h("h3", {}, text.yourCodes),
            h(
              "ul",
              { class: "loyalty-widget__codes" },
              codes.map((entry) => h("li", {}, h("code", {}, entry.code), ` · ${money(entry.value)}`)),
            ),
          ],
        ]
          .flat(3)
          .filter(Boolean),
      );
    }

    // A read-only field and its Copy button: discount codes and the referral link.
    function copyable(value, label, copyText = text.copy) {
      const field = h("input", {
        class: "loyalty-widget__code",
        readonly: true,
        value,
        "aria-label": label,
        onfocus: (event) => event.currentTarget.select(),
      });
      const copy = h("button", { type: "button", class: "loyalty-widget__button" }, copyText);
      copy.addEventListener("click", async () => {
        field.select();
        try {
          await navigator.clipboard.writeText(value);
        } catch {
          document.execCommand("copy"); // older browsers and non-secure previews
        }
        copy.textContent = text.copied;
      });
      return [field, copy];
    }

    function showCode(code) {
      const [field, copy] = copyable(code, text.codeLabel);
      result.replaceChildren(field, copy);
      result.hidden = false;
      field.focus(); // the clicked Redeem button is about to be re-rendered away
    }

    async function saveBirthday(month, day, button) {
      if (busy) return;
      busy = true;
      button.disabled = true;
      const seq = ++sent;
      const two = (value) => String(value).padStart(2, "0");
      try {
        const answer = await post("profile", { birthday: `${two(month)}-${two(day)}` });
        data.profile = { birthday: answer.birthday };
        busy = false;
        panel.focus(); // the form is about to be re-rendered away
        say("");
        earned(seq, answer, text.earned.profile);
        if (!status.textContent) say(text.birthday.saved);
        panel.scrollTop = 0; // where the message and the new balance are
      } catch (error) {
        busy = false;
        button.disabled = false;
        say(error.message, true);
      }
    }

    async function redeem(reward, button) {
      if (busy) return;
      busy = true;
      content.querySelectorAll("button").forEach((other) => (other.disabled = true));
      button.textContent = text.redeeming;
      say("");
      const seq = ++sent;
      try {
        const answer = await post("redeem", { rewardId: reward.id });
        say(fill(text.redeemed, { value: money(answer.value), points: points(answer.balance) }));
        showCode(answer.code);
        // Show the new balance at once, then refresh progress and codes from the app, which owns those rules.
        settle(seq, answer.balance);
        busy = false;
        render();
        loadView().catch(() => {});
      } catch (error) {
        busy = false;
        // Refused on what the app knows now (points spent in another tab, a reward withdrawn):
        // show its balance at once, drop the Redeem buttons it no longer allows, refresh the rest.
        if (error.status === 409 || error.status === 404) {
          settle(seq, error.answer.available);
          render();
          panel.focus();
          panel.scrollTop = 0; // where the reason and the balance are
          loadView().catch(() => {});
        } else {
          content.querySelectorAll("button").forEach((other) => (other.disabled = false));
          button.textContent = text.redeem;
          button.focus();
        }
        say(error.message, true);
      }
    }

    function open() {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      toast.replaceChildren();
      panel.focus();
      if (!data) load();
    }

    function close(returnFocus) {
      if (panel.hidden) return;
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      if (returnFocus) launcher.focus();
    }

    launcher.addEventListener("click", () => (panel.hidden ? open() : close(true)));
    part("close").addEventListener("click", () => close(true));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !panel.hidden) close(widget.contains(document.activeElement));
    });
    // A click elsewhere on the page closes the panel without stealing focus from what was clicked.
    document.addEventListener("click", (event) => {
      if (!event.composedPath().includes(widget)) close(false);
    });
    if (data) render();
  }

  document.querySelectorAll("[data-loyalty-widget]").forEach(init);
  const note = stored("sessionStorage", NOTE);
  if (note) {
    stored("sessionStorage", NOTE, "");
    ui.say(note);
  }
})();
