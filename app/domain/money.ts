/**
 * Money as integers in the currency's minor unit. Shopify sends amounts as decimal strings
 * ("12.30"); parsing them into floats would round, and points must be exact.
 */

// Building an Intl.NumberFormat costs far more than the webhook arithmetic around it, and
// every order webhook asks: remember the answer per code (at most 26³ three-letter codes).
const exponents = new Map<string, number>();

/** Digits after the decimal point for a currency (2 for USD, 0 for JPY, 3 for KWD). */
export function currencyExponent(currencyCode: string): number {
  let exponent = exponents.get(currencyCode);
  if (exponent === undefined) {
    try {
      exponent =
        new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      exponent = 2;
    }
    if (currencyCode.length === 3) exponents.set(currencyCode, exponent);
  }
  return exponent;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * "12.345" with exponent 2 → 1234 (truncated toward zero: a shopper is never credited
 * for a fraction of a cent). Returns null for anything that is not a plain decimal.
 */
export function toMinorUnits(amount: string | number, exponent: number): number | null {
  // The number's own decimal, not toFixed: that rounds (0.999 → "1.00") or shows binary noise.
  const text = typeof amount === "number" ? (decimalText(amount) ?? "") : amount.trim();
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  const digits = whole + fraction.padEnd(exponent, "0").slice(0, exponent);
  const value = Number.parseInt(digits, 10);
  if (!Number.isSafeInteger(value)) return null;
  return sign ? -value : value;
}

/**
 * An amount that cannot be held exactly as a JS integer of minor units (past 2^53 − 1):
 * refused with this, never rounded or taken as zero (docs/decisions/0018).
 */
export class AmountOutOfRangeError extends Error {
  override name = "AmountOutOfRangeError";
  readonly code = "amount_out_of_range";
  constructor(
    readonly what: string,
    readonly amount: string,
  ) {
    super(`${what} of ${amount} is past the largest amount the app can count exactly.`);
  }
}

/** toMinorUnits for an amount Shopify sent and the app must count: unreadable → refused. */
export function requireMinorUnits(what: string, amount: string | number, exponent: number): number {
  const minor = toMinorUnits(amount, exponent);
  if (minor === null) throw new AmountOutOfRangeError(what, String(amount));
  return minor;
}

/** Adds minor units, refusing a total that is no longer exact. */
export function sumMinor(what: string, amounts: readonly number[]): number {
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  if (!Number.isSafeInteger(total)) throw new AmountOutOfRangeError(what, String(total));
  return total;
}

/**
 * Minor units as the database keeps them (BigInt columns, int8 on PostgreSQL) to a JS
 * number, for the arithmetic of the domain. Past 2^53 − 1 it would silently round: refused.
 */
export function minorFromStored(what: string, stored: bigint): number {
  if (stored > BigInt(Number.MAX_SAFE_INTEGER) || stored < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new AmountOutOfRangeError(what, stored.toString());
  }
  return Number(stored);
}

/** 1234 with exponent 2 → "12.34" */
export function fromMinorUnits(minor: number, exponent: number): string {
  const sign = minor < 0 ? "-" : "";
  const digits = Math.abs(minor)
    .toString()
    .padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export function formatMoney(minor: number, currencyCode: string, locale = "en"): string {
  const exponent = currencyExponent(currencyCode);
  return new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode }).format(minor / 10 ** exponent);
}

/** One whole unit of the currency, for sentences like "1 point for every $1 spent". */
export function formatOneUnit(currencyCode: string, locale = "en"): string {
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: currencyCode,
      minimumFractionDigits: 0,
      maximumFractionDigits: 0,
    }).format(1);
  } catch {
    return `1 ${currencyCode}`;
  }
}

/**
 * A JSON number as the decimal it was written as: the shortest text that reads back as the
 * same double (89.99 → "89.99", 1e-7 → "0.0000001"), never the binary value's expansion
 * that toFixed shows (12345678901.23 → "12345678901.22999954"). Null for NaN and infinities.
 */
export function decimalText(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const shortest = String(value);
  const scientific = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (!scientific) return shortest;
  const [, sign, lead, rest = "", power] = scientific;
  const digits = lead! + rest;
  const point = 1 + Number(power);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
