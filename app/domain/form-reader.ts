/**
 * Reading an admin form's text fields (what the merchant typed, as posted) into values, with
 * one plain-words message per bad field: shared by the rule, campaign and challenge forms so
 * they say the same thing about the same mistake. Pure.
 */
import { currencyExponent, toMinorUnits } from "./money";
import { parseDateText, type WallClock } from "./rules/shop-dates";

const count = new Intl.NumberFormat("en");

/** Reads text fields into values, recording a plain-words message for each bad one. */
export class FieldReader {
  readonly errors: Record<string, string> = {};

  constructor(protected readonly fields: Record<string, string>) {}

  fail(name: string, message: string): undefined {
    this.errors[name] ??= message;
    return undefined;
  }

  raw(name: string): string {
    return (this.fields[name] ?? "").trim();
  }

  text(name: string, options: { max: number; required: string }): string | undefined {
    const value = this.raw(name);
    if (!value) return this.fail(name, options.required);
    if (value.length > options.max) return this.fail(name, `Keep it to ${options.max} characters or fewer.`);
    return value;
  }

  /** Checkbox state: "true" (or "on", a browser's own checkbox) is ticked; anything else is not. */
  flag(name: string): boolean {
    const value = this.raw(name).toLowerCase();
    return value === "true" || value === "on";
  }

  choice<T extends string>(name: string, allowed: readonly T[], message: string): T | undefined {
    const value = this.raw(name);
    return (allowed as readonly string[]).includes(value) ? (value as T) : this.fail(name, message);
  }

  /** Comma- or line-separated values, trimmed, without blanks or repeats (case-insensitive). */
  list(name: string): string[] {
    const seen = new Set<string>();
    return this.raw(name)
      .split(/[,\n]/)
      .map((v) => v.trim())
      .filter((v) => v && !seen.has(v.toLowerCase()) && seen.add(v.toLowerCase()));
  }

  /** A whole number; `blank` is what an empty field means ("required": an error). */
  whole(
    name: string,
    options: { min: number; max: number; blank: number | undefined | "required"; tooSmall?: string },
  ): number | undefined {
    const text = this.raw(name);
    if (!text) return options.blank === "required" ? this.fail(name, "Enter a number.") : options.blank;
    if (!/^\d{1,9}$/.test(text)) return this.fail(name, "Enter a whole number, such as 10.");
    const n = Number(text);
    if (n < options.min) return this.fail(name, options.tooSmall ?? `Enter at least ${count.format(options.min)}.`);
    if (n > options.max) return this.fail(name, `Enter at most ${count.format(options.max)}.`);
    return n;
  }

  date(name: string) {
    const text = this.raw(name);
    if (!text) return undefined;
    return parseDateText(text) ?? this.fail(name, "Enter a date such as 2026-11-27.");
  }

  /** An amount in shop currency ("20", "20.00") as minor units; empty is 0. */
  money(name: string, currencyCode: string): number | undefined {
    const text = this.raw(name);
    if (!text) return 0;
    const exponent = currencyExponent(currencyCode);
    if (!/^\d{1,9}(\.\d+)?$/.test(text)) return this.fail(name, "Enter an amount such as 20 or 20.00.");
    if ((text.split(".")[1]?.length ?? 0) > exponent) {
      return this.fail(name, exponent === 0 ? "Enter a whole amount." : `Use at most ${exponent} decimals.`);
    }
    return toMinorUnits(text, exponent) ?? this.fail(name, "Enter an amount such as 20 or 20.00.");
  }
}

const TIME_TEXT = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A date field and an optional time field ("09:30", blank: midnight) as a wall clock, or undefined. */
export function readWallClock(read: FieldReader, dateName: string, timeName: string): WallClock | undefined {
  const date = read.date(dateName);
  const time = read.raw(timeName);
  const clock = time === "" ? ["", "0", "0"] : TIME_TEXT.exec(time);
  if (!clock) return read.fail(timeName, "Enter a time such as 09:30, or leave it empty for midnight.");
  return date && { ...date, hour: Number(clock[1]), minute: Number(clock[2]) };
}
