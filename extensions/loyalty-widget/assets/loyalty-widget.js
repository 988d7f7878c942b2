/*
 * Loyalty widget: fills the launcher panel rendered by blocks/loyalty-launcher.liquid with the
 * shopper's points and rewards from the app proxy (/apps/loyalty), and redeems rewards.
 * Vanilla, deferred, no dependencies: it runs on every storefront page, so it stays tiny.
 * All strings come translated from Liquid; proxy data is only ever set as text, never HTML.
 */
(() => {
  "use strict";

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

  function init(widget) {
    if (widget.hasAttribute("data-loyalty-ready")) return;
    widget.setAttribute("data-loyalty-ready", "");

    const part = (name) => widget.querySelector(`[data-loyalty-${name}]`);
    const config = JSON.parse(part("config").textContent);
    const text = config.i18n;
    const launcher = part("launcher");
    const panel = part("panel");
    const content = part("content");
    const status = part("status");
    const result = part("result");
    // routes.root_url is "/" for the primary locale but "/fr" (no trailing slash) under a prefix.
    const proxyUrl = config.rootUrl.replace(/\/?$/, "/") + "apps/loyalty/";
    const numbers = new Intl.NumberFormat(config.locale || undefined);
    const points = (value) => fill(text.points, { points: numbers.format(value) });

    let data = null;
    let loading = null;
    let busy = false;

    // The proxy answers JSON; its error answers carry a human `message` worth showing as is.
    async function request(path, init) {
      const response = await fetch(proxyUrl + path, {
        credentials: "same-origin",
        ...init,
        headers: { Accept: "application/json", ...(init && init.headers) },
      }).catch(() => null);
      const body = response && (await response.json().catch(() => null));
      if (!response || !response.ok || !body) throw new Error((body && body.message) || text.requestFailed);
      return body;
    }

    function load() {
      content.setAttribute("aria-busy", "true");
      loading = request("customer")
        .then((body) => {
          if (typeof body.balance !== "number") throw new Error(text.loadError);
          data = body;
          render();
        })
        .catch(() => {
          loading = null; // try again on the next open
          // Guests still have the join links; a failed fetch only costs them the reward list.
          content.replaceChildren(config.loggedIn ? h("p", { class: "loyalty-widget__error" }, text.loadError) : "");
        })
        .finally(() => content.setAttribute("aria-busy", "false"));
    }

    function renderProgress(progress) {
      if (!progress) return data.rewards.length > 0 && h("p", { class: "loyalty-widget__muted" }, text.allUnlocked);
      const label = fill(text.progress, { points: numbers.format(progress.pointsNeeded), reward: progress.title });
      const percent = Math.max(0, Math.min(100, Math.round(progress.percent)));
      const bar = h("span", { class: "loyalty-widget__bar-fill" });
      bar.style.width = `${percent}%`; // CSSOM, not a style attribute, so strict CSPs allow it
      return h(
        "div",
        { class: "loyalty-widget__progress" },
        h("p", {}, label),
        h(
          "div",
          {
            class: "loyalty-widget__bar",
            role: "progressbar",
            "aria-label": fill(text.progressLabel, { reward: progress.title }),
            "aria-valuemin": 0,
            "aria-valuemax": 100,
            "aria-valuenow": percent,
            "aria-valuetext": label,
          },
          bar,
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
          reward.affordable &&
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

    function render() {
      const member = data.loggedIn;
      const rewards = data.rewards || [];
      const codes = member ? data.redemptions || [] : [];
      content.replaceChildren(
        ...[
          member &&
            h(
              "p",
              { class: "loyalty-widget__balance" },
              h("span", { class: "loyalty-widget__muted" }, text.balanceLabel),
              h("strong", { "data-loyalty-balance": "" }, numbers.format(data.balance)),
            ),
          member &&
            data.pending > 0 &&
            h("p", { class: "loyalty-widget__muted", "data-loyalty-pending": "" }, fill(text.pending, { points: numbers.format(data.pending) })),
          member && renderProgress(data.progress),
          member &&
            data.expiring &&
            h(
              "p",
              { class: "loyalty-widget__muted", "data-loyalty-expiring": "" },
              fill(text.expiring, {
                points: numbers.format(data.expiring.points),
                date: new Date(data.expiring.on).toLocaleDateString(config.locale || undefined, { dateStyle: "long" }),
              }),
            ),
          data.earn && data.earn.summary && [h("h3", {}, text.howToEarn), h("p", {}, data.earn.summary)],
          h("h3", {}, member ? text.rewardsHeading : text.guestRewards),
          rewards.length
            ? h("ul", { class: "loyalty-widget__rewards" }, rewards.map(renderReward))
            : h("p", { class: "loyalty-widget__muted" }, text.noRewards),
          codes.length > 0 && [
            h("h3", {}, text.yourCodes),
            h(
              "ul",
              { class: "loyalty-widget__codes" },
              codes.map((entry) => h("li", {}, h("code", {}, entry.code), ` · ${entry.value}`)),
            ),
          ],
        ]
          .flat()
          .filter(Boolean),
      );
    }

    function showCode(code) {
      const field = h("input", {
        class: "loyalty-widget__code",
        readonly: true,
        value: code,
        "aria-label": text.codeLabel,
        onfocus: (event) => event.currentTarget.select(),
      });
      const copy = h("button", { type: "button", class: "loyalty-widget__button" }, text.copy);
      copy.addEventListener("click", async () => {
        field.select();
        try {
          await navigator.clipboard.writeText(code);
        } catch {
          document.execCommand("copy"); // older browsers and non-secure previews
        }
        copy.textContent = text.copied;
      });
      result.replaceChildren(field, copy);
      result.hidden = false;
      field.focus(); // the clicked Redeem button is about to be re-rendered away
    }

    async function redeem(reward, button) {
      if (busy) return;
      busy = true;
      content.querySelectorAll("button").forEach((other) => (other.disabled = true));
      button.textContent = text.redeeming;
      status.classList.remove("loyalty-widget__error");
      status.textContent = "";
      try {
        const answer = await request("redeem", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ rewardId: reward.id }),
        });
        status.textContent = fill(text.redeemed, { value: answer.value, points: numbers.format(answer.balance) });
        showCode(answer.code);
        // Show the new balance at once; a lower balance can only make rewards unaffordable.
        data.balance = answer.balance;
        data.rewards = data.rewards.map((r) => ({ ...r, affordable: r.affordable && r.costPoints <= answer.balance }));
        busy = false;
        render();
        // Then refresh progress and codes from the app, which owns those rules.
        request("customer").then(
          (body) => {
            if (typeof body.balance !== "number") return;
            data = body;
            render();
          },
          () => {},
        );
      } catch (error) {
        status.classList.add("loyalty-widget__error");
        status.textContent = error.message;
        busy = false;
        content.querySelectorAll("button").forEach((other) => (other.disabled = false));
        button.textContent = text.redeem;
        button.focus();
      }
    }

    function open() {
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      panel.focus();
      if (!loading) load();
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
  }

  document.querySelectorAll("[data-loyalty-widget]").forEach(init);
})();
