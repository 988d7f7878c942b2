/**
 * Which profile fields a customer has filled, from Shopify's customer payload and what the
 * member told us, for the profile_completed rule. The engine awards each field once, so this
 * lists every field filled now, not only the ones that changed. Pure.
 */
import { parseBirthday } from "./birthdays";
import { PROFILE_FIELDS, type ProfileField } from "./rules";

/** The parts of Shopify's customer payload (REST shape, as webhooks send it) read here. */
export interface CustomerProfile {
  first_name?: string | null;
  last_name?: string | null;
  phone?: string | null;
  default_address?: object | null;
  email_marketing_consent?: { state?: string | null } | null;
  /** Deprecated by Shopify in favour of email_marketing_consent; older payloads carry only it. */
  accepts_marketing?: boolean | null;
}

const present = (text: string | null | undefined) => typeof text === "string" && text.trim().length > 0;

/**
 * Subscribed to marketing e-mails. When the consent object is there its state decides
 * ("pending" double opt-in is not consent yet); only older payloads fall back to the flag.
 */
export function hasEmailMarketingConsent(customer: CustomerProfile): boolean {
  const state = customer.email_marketing_consent?.state;
  if (typeof state === "string") return state.toLowerCase() === "subscribed";
  return customer.accepts_marketing === true;
}

export function filledProfileFields(customer: CustomerProfile, member: { birthday: string | null }): ProfileField[] {
  const filled: Record<ProfileField, boolean> = {
    // Both names: "Ada" alone is half a name, and the rule pays for the field once.
    name: present(customer.first_name) && present(customer.last_name),
    // Shopify has no birthday on customers: the member gives it to the programme.
    birthday: parseBirthday(member.birthday) !== null,
    phone: present(customer.phone),
    address: customer.default_address != null,
    marketing_consent: hasEmailMarketingConsent(customer),
  };
  return PROFILE_FIELDS.filter((field) => filled[field]);
}
