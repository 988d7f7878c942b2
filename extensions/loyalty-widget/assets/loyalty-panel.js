/*
 * Loyalty panel: the module loyalty-widget.js imports on first interaction (≤ 10,000 B gzip).
 * It fills the launcher's dialog (`dialog`) or a loyalty page block (`inline`) with the
 * shopper's balance, the Rewards Bazaar (every reward the shop shows, locked ones with their
 * reason), their redemptions (codes to copy or apply to the cart, cancellable ones), ways to
 * earn, tier, profile, running campaigns' banners, challenges with their progress bars and, on
 * the loyalty page, history. The proxy answers codes and numbers
 * (money in minor units with a currency); every word comes from the locale files through the
 * config snippet and is formatted here in the shopper's locale. Proxy data is only ever set as
 * text, never HTML. `core` is what the every-page script shares: its state, requests, wording.
 */

// Element factory: props named on* become listeners, others attributes; falsy children are skipped
// so callers can write `condition && node`.
const h = (tag, props, ...children) => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value != null && value !== false) element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat(3).filter((child) => child || child === 0));
  return element;
};

/** The launcher's panel: a dialog (a full-screen sheet on a phone) that keeps focus inside while open. */
export function dialog(core, widget) {
  const part = (name) => widget.querySelector(`[data-loyalty-${name}]`);
  const launcher = part("launcher");
  const panel = part("panel");
  const view = mount(core, widget, () => !panel.hidden);

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    for (const toast of widget.querySelectorAll("[data-loyalty-toast]")) toast.replaceChildren();
    if (!panel.contains(document.activeElement)) panel.focus();
    view.load();
  }
  function close(returnFocus) {
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    if (returnFocus) launcher.focus();
  }

  part("close").addEventListener("click", () => close(true));
  document.addEventListener("keydown", (event) => {
    if (panel.hidden) return;
    if (event.key === "Escape") close(widget.contains(document.activeElement));
    if (event.key !== "Tab") return;
    // The focus trap: Tab from the last control goes back to the first, Shift+Tab the other way.
    const controls = [...panel.querySelectorAll("a[href],button,input,select,textarea")].filter(
      (control) => !control.disabled && control.getClientRects().length > 0,
    );
    const first = controls[0];
    const last = controls[controls.length - 1];
    const active = document.activeElement;
    if (!panel.contains(active) || (event.shiftKey ? active === first || active === panel : active === last)) {
      event.preventDefault();
      (event.shiftKey ? last : first || panel).focus();
    }
  });
  // A click elsewhere on the page closes the panel without stealing focus from what was clicked.
  document.addEventListener("click", (event) => {
    if (!event.composedPath().includes(widget)) close(false);
  });
  open();
  return { toggle: () => (panel.hidden ? open() : close(true)) };
}

/** A loyalty page block: the same panel, in the page. */
export function inline(core, page) {
  mount(core, page, () => true, true).load();
}

function mount(core, host, isShown, onPage) {
  const { config, fill, word, points, state } = core;
  const text = config.i18n;
  const locale = config.locale || undefined;
  const numbers = new Intl.NumberFormat(locale);
  const part = (name) => host.querySelector(`[data-loyalty-${name}]`);
  const panel = part("panel") || host;
  const content = part("content");
  const status = part("status");
  const result = part("result");
  const monthNames = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" });
  const day = (instant) => new Date(instant).toLocaleDateString(locale, { dateStyle: "long" });
  let busy = false;

  // Money comes as minor units and a currency code: the currency says where the decimal point goes.
  const money = (value, options) => {
    try {
      const format = new Intl.NumberFormat(locale, { style: "currency", currency: value.currency, ...options });
      return format.format(value.amountMinor / 10 ** format.resolvedOptions().maximumFractionDigits);
    } catch {
      return numbers.format(value.amountMinor / 100) + " " + value.currency;
    }
  };
  // A refusal worded from its code and numbers (its English `message` is for API readers).
  const refusal = (answer) =>
    fill(text.errors[answer.error] || text.requestFailed, {
      needed: points(answer.needed || 0),
      available: points(answer.available || 0),
      step: points(answer.step || 0),
      max: points(answer.maxPoints || 0),
    });

  const say = (message, isError) => {
    status.classList.toggle("loyalty-widget__error", !!isError);
    status.textContent = message;
  };

  const view = {
    // Earned points are announced here while shown, unless it is showing something else (a code).
    say: (message) => isShown() && !status.textContent && (say(message), true),
    // New data re-renders, except under the shopper's focus: then the balance alone changes.
    update() {
      if (!state.data || !isShown()) return;
      const shownBalance = content.querySelector("[data-loyalty-balance]");
      if (shownBalance && content.contains(document.activeElement))
        shownBalance.textContent = numbers.format(state.balance);
      else render();
    },
    load() {
      if (state.data) return render();
      content.setAttribute("aria-busy", "true");
      (state.view || core.loadView())
        .catch(() => {
          // Guests still have the join links; a failed fetch only costs them the reward list.
          content.replaceChildren(config.loggedIn ? h("p", { class: "loyalty-widget__error" }, text.loadError) : "");
        })
        .finally(() => content.setAttribute("aria-busy", "false"));
    },
  };
  state.views.push(view);

  // A progress bar with its words: the text shown, and the same text for assistive technology.
  function meter(label, name, value, max) {
    const bar = h("span", { class: "loyalty-widget__bar-fill" });
    bar.style.width = `${Math.max(0, Math.min(100, (value / max) * 100))}%`; // CSSOM, not a style attribute: strict CSPs allow it
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
    if (!progress) return null;
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
      ? money({ amountMinor: value, currency: state.data.currency })
      : unit === "orders"
        ? word(text.tier.orders, value, { orders: numbers.format(value) })
        : points(value);

  // A Shopify perk comes as a code ("free_shipping", "percent_off:10"), a merchant's perk as their words.
  const percent = (value) => new Intl.NumberFormat(locale, { style: "percent" }).format(value / 100);
  const perk = (code) => {
    const off = /^percent_off:(\d+)$/.exec(code);
    return off
      ? fill(text.tier.percent_off, { percent: percent(off[1]) })
      : code === "free_shipping"
        ? text.tier.free_shipping
        : code;
  };

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

  // What a reward is, beyond its title: its price (a campaign's, with the regular one struck
  // through) and the terms the shopper should know.
  function rewardTerms(reward) {
    const b = text.bazaar;
    const hidden = (words) => h("span", { class: "loyalty-hidden" }, words + " ");
    const price =
      reward.kind === "points_to_discount" && reward.value
        ? fill(b.step, { points: points(reward.costPoints), value: money(reward.value) })
        : points(reward.costPoints);
    return [
      reward.regularCostPoints
        ? h(
            "span",
            { "data-loyalty-campaign-price": "" },
            h("s", {}, hidden(b.regularPrice), points(reward.regularCostPoints)),
            " ",
            hidden(b.campaignPrice),
            h("strong", {}, price),
          )
        : price,
      reward.kind === "free_shipping" && reward.value && fill(b.maxShipping, { amount: money(reward.value) }),
      reward.minimumOrder && fill(b.minimum, { amount: money(reward.minimumOrder) }),
      reward.stockRemaining != null &&
        reward.stockRemaining > 0 &&
        word(b.left, reward.stockRemaining, { count: numbers.format(reward.stockRemaining) }),
    ]
      .filter(Boolean)
      .flatMap((term, i) => (i ? [" · ", term] : [term]));
  }

  // Why a reward cannot be redeemed now, in the shopper's words; a guest's cards say nothing (the join links do).
  function lockedText(reward) {
    const locked = text.bazaar.locked;
    switch (reward.lockedReason) {
      case "points":
        return word(text.bazaar.more, reward.pointsNeeded || 0, { points: numbers.format(reward.pointsNeeded || 0) });
      case "tier":
        return fill(locked.tier, { tier: reward.unlockTier ? reward.unlockTier.name : "" });
      case "not_started":
        return fill(locked.not_started, { date: reward.redeemFrom ? day(reward.redeemFrom) : "" });
      case "period_limit_reached":
        return fill(locked.period_limit_reached, { date: reward.availableAgainOn ? day(reward.availableAgainOn) : "" });
      case "sign_in":
        return null;
      default:
        return locked[reward.lockedReason] || null;
    }
  }

  const redeemButton = (reward, onclick) =>
    h(
      "button",
      {
        type: onclick ? "button" : "submit",
        class: "loyalty-widget__button",
        "aria-label": fill(text.redeemReward, { reward: reward.title }),
        disabled: busy,
        onclick,
      },
      text.redeem,
    );

  // Spend any amount: how many points, in the reward's steps, up to its maximum and the balance.
  function picker(reward) {
    const step = reward.costPoints;
    const most = Math.floor(Math.min(reward.maxPoints || Infinity, state.balance) / step) * step;
    const worth = h("output", { class: "loyalty-widget__muted", "aria-live": "polite" });
    const field = h("input", {
      type: "number",
      inputmode: "numeric",
      min: step,
      max: most,
      step,
      value: step,
      required: true,
      oninput: () => show(),
    });
    const show = () => {
      const chosen = Number(field.value);
      worth.textContent =
        field.validity.valid && reward.value
          ? fill(text.bazaar.worth, {
              value: money({ ...reward.value, amountMinor: (reward.value.amountMinor * chosen) / step }),
            })
          : fill(text.bazaar.steps, { step: points(step), max: points(most) });
    };
    show();
    return h(
      "form",
      {
        class: "loyalty-widget__picker",
        onsubmit: (event) => {
          event.preventDefault();
          redeem(reward, event.submitter || event.currentTarget.querySelector("button"), Number(field.value));
        },
      },
      h("label", {}, text.bazaar.pointsToSpend, field),
      redeemButton(reward),
      worth,
    );
  }

  function renderReward(reward) {
    const why = reward.available ? null : lockedText(reward);
    return h(
      "li",
      {
        class: "loyalty-widget__reward" + (reward.available ? "" : " loyalty-widget__reward--locked"),
        "data-loyalty-reward": reward.id,
        "data-kind": reward.kind,
      },
      reward.imageUrl &&
        h("img", {
          class: "loyalty-widget__reward-image",
          src: reward.imageUrl,
          alt: "",
          width: 56,
          height: 56,
          loading: "lazy",
        }),
      h(
        "span",
        { class: "loyalty-widget__reward-text" },
        h("span", { class: "loyalty-widget__reward-title" }, reward.title),
        reward.description && h("span", { class: "loyalty-widget__reward-description" }, reward.description),
        h("span", { class: "loyalty-widget__muted" }, rewardTerms(reward)),
      ),
      reward.available
        ? reward.kind === "points_to_discount"
          ? picker(reward)
          : redeemButton(reward, (event) => redeem(reward, event.currentTarget))
        : why && h("span", { class: "loyalty-widget__locked", "data-loyalty-locked": reward.lockedReason }, why),
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

  // Shopify's own link that applies a code to the cart and goes there.
  const applyLink = (code, title) =>
    h(
      "a",
      {
        class: "loyalty-widget__link",
        href: `${core.root}/discount/${encodeURIComponent(code)}?redirect=${encodeURIComponent(core.root + "/cart")}`,
        "aria-label": fill(text.codes.applyReward, { reward: title }),
      },
      text.codes.apply,
    );

  function renderRedemption(entry) {
    const codes = text.codes;
    const usable = entry.code && (entry.status === "unused" || entry.status === "pending");
    return h(
      "li",
      { class: "loyalty-widget__redemption", "data-loyalty-redemption": entry.id, "data-status": entry.status },
      h(
        "p",
        {},
        h("span", { class: "loyalty-widget__reward-title" }, entry.title),
        entry.value && h("span", { class: "loyalty-widget__muted" }, ` · ${money(entry.value)}`),
        " ",
        h("span", { class: "loyalty-widget__badge" }, codes.status[entry.status] || entry.status),
      ),
      entry.code &&
        (usable
          ? h(
              "span",
              { class: "loyalty-widget__copy" },
              ...copyable(entry.code, fill(codes.codeFor, { reward: entry.title })),
            )
          : h("code", {}, entry.code)),
      h(
        "span",
        { class: "loyalty-widget__actions" },
        usable && applyLink(entry.code, entry.title),
        entry.cancellable &&
          h(
            "button",
            {
              type: "button",
              class: "loyalty-widget__link",
              "aria-label": fill(codes.cancelReward, { reward: entry.title }),
              disabled: busy,
              onclick: (event) => cancel(entry, event.currentTarget),
            },
            codes.cancel,
          ),
      ),
      usable &&
        entry.expiresAt &&
        h("p", { class: "loyalty-widget__muted" }, fill(codes.expires, { date: day(entry.expiresAt) })),
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
      h(
        "span",
        {},
        label,
        way.kind === "share" && way.subject !== "product" && state.data.loggedIn && programmeLinks(),
      ),
      h("span", { class: "loyalty-widget__muted" }, points(way.points)),
    );
  }

  // Links to share the programme (the shop's home page); the click is the share event.
  function programmeLinks() {
    const url = encodeURIComponent(location.origin + (core.root || "/"));
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

  // What a purchase earns, in the shop's currency: "5 points for every $1 spent, on orders of $20.00 or more".
  function renderOffer(offer) {
    const currency = state.data.currency;
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
    const way = (state.data.waysToEarn || []).find((candidate) => candidate.field === "birthday");
    const options = (count, name) =>
      Array.from({ length: count }, (_, i) => h("option", { value: i + 1 }, name ? name(i) : i + 1));
    // The days the chosen month has (29 February is a birthday too: 2000 was a leap year).
    const days = () => {
      const chosen = dayField.value;
      const count = month.value ? new Date(Date.UTC(2000, month.value, 0)).getUTCDate() : 31;
      dayField.replaceChildren(h("option", { value: "" }), ...options(count));
      if (chosen <= count) dayField.value = chosen;
    };
    const month = h(
      "select",
      { required: true, onchange: days },
      h("option", { value: "" }),
      options(12, (i) => monthNames.format(Date.UTC(2000, i, 1))),
    );
    const dayField = h("select", { required: true });
    days();
    const save = h("button", { type: "submit", class: "loyalty-widget__button" }, text.birthday.save);
    return h(
      "form",
      {
        class: "loyalty-widget__birthday",
        onsubmit: (event) => {
          event.preventDefault();
          saveBirthday(month.value, dayField.value, save);
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
          h("label", {}, text.birthday.day, dayField),
          save,
        ),
      ),
    );
  }

  // The latest point movements: "Earned on an order · 3 January 2026 · +25"; a reward by its title.
  const renderHistory = (entries) =>
    entries.length > 0 && [
      h("h3", {}, text.history.heading),
      h(
        "ul",
        { class: "loyalty-widget__history" },
        entries.map((entry) =>
          h(
            "li",
            {},
            h(
              "span",
              {},
              fill(text.history.reasons[entry.reason] || entry.reason, { reward: entry.title || text.history.aReward }),
              " ",
              h("span", { class: "loyalty-widget__muted" }, day(entry.at)),
            ),
            h("strong", {}, (entry.points > 0 ? "+" : "−") + numbers.format(Math.abs(entry.points))),
          ),
        ),
      ),
    ];

  // An exclusive end as the last moment before it, said as a day of this week or a date.
  const lastMoment = (instant) => new Date(new Date(instant).getTime() - 1);
  const midnight = (at) => new Date(at.getFullYear(), at.getMonth(), at.getDate()).getTime();
  function until(instant) {
    const c = text.campaigns;
    const last = lastMoment(instant);
    const days = Math.round((midnight(last) - midnight(new Date())) / 864e5);
    if (days < 1) return c.untilToday;
    return days < 7
      ? fill(c.untilDay, { day: last.toLocaleDateString(locale, { weekday: "long" }) })
      : fill(c.untilDate, { date: day(last) });
  }

  // A running campaign's banner: "Double points until Sunday", then the merchant's title.
  function renderCampaign(campaign) {
    const c = text.campaigns;
    const effect = campaign.effect;
    const values = { until: until(campaign.endsAt), percent: percent(effect.costPercentOff || effect.valuePercentUp) };
    const times = effect.multiplierHundredths;
    const line =
      effect.type === "multiplier"
        ? fill(times === 200 ? c.double : times === 300 ? c.triple : c.multiplier, {
            ...values,
            factor: "×" + numbers.format(times / 100),
          })
        : effect.type === "bonus"
          ? word(c.bonus, effect.points, { ...values, points: numbers.format(effect.points) })
          : fill(effect.costPercentOff ? (effect.valuePercentUp ? c.costAndValue : c.cost) : c.value, {
              ...values,
              value: percent(effect.valuePercentUp),
            });
    return h(
      "li",
      { class: "loyalty-widget__campaign", "data-loyalty-campaign": campaign.id },
      h("strong", {}, line),
      h("span", {}, campaign.title),
    );
  }

  // Where the shopper stands, in words: "3 of 5 visits this month", "Spend $40 more", "Week 2 of your streak".
  function standingText(challenge, value) {
    const t = text.challenges;
    const period = challenge.window === "day" ? "Day" : "Week";
    const goal = challenge.goal;
    const cash = (amountMinor) => money({ amountMinor, currency: state.data.currency });
    if (challenge.kind === "streak")
      return value ? fill(t.streak[challenge.window], { length: numbers.format(value) }) : t.streak["start" + period];
    const label =
      challenge.measure === "spend"
        ? value < goal
          ? fill(t.spendMore, { amount: cash(goal - value) })
          : fill(t.spent, { amount: cash(value), goal: cash(goal) })
        : word(t.progress[challenge.measure], goal, { progress: numbers.format(value), goal: numbers.format(goal) });
    const window = challenge.kind === "challenge" && t.window[challenge.window];
    return window ? label + " " + window : label;
  }

  // A challenge, milestone or streak: its bar, what completing gives, and when it ends or was done.
  function renderChallenge(challenge) {
    const t = text.challenges;
    const period = challenge.window === "day" ? "Day" : "Week";
    const value = Math.min(challenge.progress, challenge.goal);
    const streak = challenge.streak;
    const done = challenge.completedAt;
    const reward =
      challenge.reward.type === "points" ? points(challenge.reward.points) : challenge.reward.title || t.aReward;
    const gives = streak
      ? streak.nextStep
        ? word(t.streak["next" + period], streak.nextStep, { count: numbers.format(streak.nextStep), reward })
        : t.allSteps
      : done
        ? fill(challenge.kind === "milestone" ? t.reached : t.completed, { date: day(done) })
        : fill(t.gives, { reward });
    const ends =
      challenge.endsAt &&
      (streak
        ? streak.length > 0 && fill(t.streak["keep" + period], { date: day(lastMoment(challenge.endsAt)) })
        : !done && challenge.window === "range" && fill(t.ends, { date: day(lastMoment(challenge.endsAt)) }));
    return h(
      "li",
      {
        class: "loyalty-widget__challenge" + (done ? " loyalty-widget__challenge--done" : ""),
        "data-loyalty-challenge": challenge.id,
        "data-kind": challenge.kind,
      },
      h("p", { class: "loyalty-widget__reward-title" }, challenge.title),
      challenge.description && h("p", { class: "loyalty-widget__reward-description" }, challenge.description),
      meter(standingText(challenge, value), challenge.title, streak ? streak.length : value, challenge.goal),
      h("p", { class: "loyalty-widget__muted" }, gives, ends && " · ", ends),
    );
  }

  function render() {
    const data = state.data;
    const member = data.loggedIn;
    const rewards = data.rewards || [];
    const ways = data.waysToEarn || [];
    const redemptions = member ? data.redemptions || [] : [];
    const offers = (data.earn && data.earn.offers) || [];
    const campaigns = data.campaigns || [];
    const challenges = data.challenges || [];
    content.replaceChildren(
      ...[
        campaigns.length > 0 &&
          h(
            "ul",
            { class: "loyalty-widget__campaigns", "aria-label": text.campaigns.label, "data-loyalty-campaigns": "" },
            campaigns.map(renderCampaign),
          ),
        member && [
          h(
            "p",
            { class: "loyalty-widget__balance" },
            h("span", { class: "loyalty-widget__muted" }, text.balanceLabel),
            h("strong", { "data-loyalty-balance": "" }, numbers.format(state.balance)),
          ),
          data.pending > 0 &&
            h(
              "p",
              { class: "loyalty-widget__muted", "data-loyalty-pending": "" },
              word(text.pending, data.pending, { points: numbers.format(data.pending) }),
            ),
          renderProgress(data.progress),
          data.expiring &&
            h(
              "p",
              { class: "loyalty-widget__muted", "data-loyalty-expiring": "" },
              word(text.expiring, data.expiring.points, {
                points: numbers.format(data.expiring.points),
                date: day(data.expiring.on),
              }),
            ),
        ],
        h("h3", {}, member ? text.rewardsHeading : text.guestRewards),
        rewards.length
          ? h("ul", { class: "loyalty-widget__rewards", "data-loyalty-bazaar": "" }, rewards.map(renderReward))
          : h("p", { class: "loyalty-widget__muted" }, text.noRewards),
        challenges.length > 0 && [
          h("h3", {}, text.challenges.heading),
          h(
            "ul",
            { class: "loyalty-widget__challenges", "data-loyalty-challenges": "" },
            challenges.map(renderChallenge),
          ),
        ],
        redemptions.length > 0 && [
          h("h3", {}, text.codes.heading),
          h("ul", { class: "loyalty-widget__redemptions" }, redemptions.map(renderRedemption)),
        ],
        (offers.length > 0 || ways.length > 0) && [
          h("h3", {}, text.howToEarn),
          offers.map(renderOffer),
          ways.length > 0 && h("ul", { class: "loyalty-widget__ways" }, ways.map(renderWay)),
        ],
        member && data.tier && renderTier(data.tier, data.nextTier, data.tierKeep),
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
        member && onPage && renderHistory(data.history || []),
      ]
        .flat(3)
        .filter(Boolean),
    );
  }

  // What was redeemed, in words: a code (for money off, its value; for a product, a percentage or
  // shipping, the reward's title: "your code for $4.50" would not say it is a free coffee), a
  // request, a credit.
  function redeemedText(redemption, balance) {
    const redeemed = text.redeemed;
    const values = {
      value: redemption.value ? money(redemption.value) : "",
      reward: redemption.title,
      points: points(balance),
    };
    if (redemption.kind === "custom") return fill(redeemed.requested, values);
    if (redemption.kind === "store_credit") return fill(redeemed.credited, values);
    return fill(redemption.value && redemption.kind !== "free_product" ? redeemed.code : redeemed.codeOnly, values);
  }

  function showCode(code, title) {
    const [field, copy] = copyable(code, text.codeLabel);
    result.replaceChildren(field, copy, applyLink(code, title));
    result.hidden = false;
    field.focus(); // the clicked Redeem button is about to be re-rendered away
  }

  // While a request runs, nothing else can be sent from this view.
  const hold = () => {
    busy = true;
    content.querySelectorAll("button").forEach((other) => (other.disabled = true));
    say("");
  };
  const release = (button, label) => {
    busy = false;
    content.querySelectorAll("button").forEach((other) => (other.disabled = false));
    button.textContent = label;
    button.focus();
  };
  // Refused on what the app knows now (points spent in another tab, a reward withdrawn): show its
  // balance at once, drop the actions it no longer allows, refresh the rest.
  function refused(seq, error) {
    busy = false;
    core.settle(seq, error.answer.available);
    render();
    panel.focus();
    panel.scrollTop = 0; // where the reason and the balance are
    core.loadView().catch(() => {});
    say(refusal(error.answer), true);
  }

  async function redeem(reward, button, chosen) {
    if (busy) return;
    hold();
    button.textContent = text.redeeming;
    result.hidden = true;
    const seq = ++state.sent;
    try {
      const answer = await core.request(
        "redeem",
        reward.kind === "points_to_discount" ? { rewardId: reward.id, points: chosen } : { rewardId: reward.id },
      );
      const redemption = answer.redemption;
      say(redeemedText(redemption, answer.balance));
      // Show the new balance at once, then refresh progress and codes from the app, which owns those rules.
      core.settle(seq, answer.balance);
      busy = false;
      render();
      if (redemption.code) showCode(redemption.code, redemption.title);
      else {
        // No code to focus (a request, a credit): the announcement above the balance is what to read.
        panel.focus();
        panel.scrollTop = 0; // the dialog's top, below its header
        if (onPage) status.scrollIntoView({ block: "nearest" });
      }
      core.loadView().catch(() => {});
    } catch (error) {
      if (error.status === 409 || error.status === 404) return refused(seq, error);
      release(button, text.redeem);
      say(refusal(error.answer), true);
    }
  }

  async function cancel(entry, button) {
    if (busy) return;
    hold();
    const seq = ++state.sent;
    try {
      const answer = await core.request("cancel", { redemptionId: entry.id });
      core.settle(seq, answer.balance);
      busy = false;
      result.hidden = true;
      render();
      panel.focus();
      say(fill(text.codes.cancelled, { reward: entry.title, points: points(answer.redemption.pointsSpent) }));
      core.loadView().catch(() => {});
    } catch (error) {
      if (error.status === 409 || error.status === 404) return refused(seq, error);
      release(button, text.codes.cancel);
      say(refusal(error.answer), true);
    }
  }

  async function saveBirthday(month, dayOfMonth, button) {
    if (busy) return;
    busy = true;
    button.disabled = true;
    const seq = ++state.sent;
    const two = (value) => String(value).padStart(2, "0");
    try {
      const answer = await core.request("profile", { birthday: `${two(month)}-${two(dayOfMonth)}` });
      state.data.profile = { birthday: answer.birthday };
      busy = false;
      panel.focus(); // the form is about to be re-rendered away
      say("");
      core.earned(seq, answer, text.earned.profile);
      if (!status.textContent) say(text.birthday.saved);
      panel.scrollTop = 0; // where the message and the new balance are
    } catch (error) {
      busy = false;
      button.disabled = false;
      say(refusal(error.answer), true);
    }
  }

  return view;
}
