/**
 * The period of a ledger export, as the merchant picks it: two calendar days in the shop's
 * time zone, both included. From = to is that whole day. Pure.
 */
import { z } from "zod";
import { nextDay, parseDateText, startOfDay, type CalendarDate } from "./rules/shop-dates";

const calendarDay = z
  .string({ required_error: "Give both days of the period as YYYY-MM-DD." })
  .transform((text, ctx): CalendarDate => {
    const date = parseDateText(text);
    if (!date) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `“${text}” is not a day: write it as YYYY-MM-DD.` });
      return z.NEVER;
    }
    return date;
  });

const order = (date: CalendarDate) => date.year * 10_000 + date.month * 100 + date.day;

export const ledgerPeriodSchema = z
  .object({ from: calendarDay, to: calendarDay })
  .refine((period) => order(period.from) <= order(period.to), {
    message: "The first day of the period must not be after the last.",
    path: ["to"],
  });
export type LedgerPeriodDays = z.output<typeof ledgerPeriodSchema>;

/** The instants the days cover where the shop is: from the first moment of `from` to the end of `to`. */
export function periodInstants(days: LedgerPeriodDays, timeZone: string): { from: Date; to: Date } {
  return { from: startOfDay(days.from, timeZone), to: startOfDay(nextDay(days.to), timeZone) };
}
