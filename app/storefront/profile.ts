/**
 * The profile a shopper completes from the widget. Only the birthday can be given there (name,
 * e-mail and the rest come from Shopify's customer record); profile-completion rules pay
 * every field that is filled, once per field, so the award event lists all of them.
 */
import { z } from "zod";
import type { ProfileField } from "../domain/rules";

/** Days per month in a leap year: 29 February is a real birthday (the engine moves it in other years). */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** "MM-DD", as Member.birthday stores it: a day that exists in some year, no year (never needed). */
export const birthdaySchema = z
  .string()
  .trim()
  .regex(/^\d{2}-\d{2}$/, "Give the birthday as MM-DD, for example 03-14.")
  .refine((value) => {
    const [month, day] = value.split("-").map(Number) as [number, number];
    return month >= 1 && month <= 12 && day >= 1 && day <= (DAYS_IN_MONTH[month - 1] ?? 0);
  }, "That day does not exist.");

export const profileUpdateSchema = z.object({ birthday: birthdaySchema });

export interface MemberProfile {
  firstName: string | null;
  lastName: string | null;
  birthday: string | null;
}

/** The fields of the member's profile that are filled now. */
export function filledProfileFields(member: MemberProfile): ProfileField[] {
  const fields: ProfileField[] = [];
  if (member.firstName?.trim() || member.lastName?.trim()) fields.push("name");
  if (member.birthday) fields.push("birthday");
  return fields;
}
