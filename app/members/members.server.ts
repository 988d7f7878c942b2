/** Programme members: enrolment from Shopify customer data, lookup and the admin list. */
import { CustomerRedactedError, isCustomerRedacted } from "../compliance/redactions.server";
import type { Db, Tx } from "../db.server";
import { contactUpdate, type GivenContact } from "../domain/customer-sync";

type Client = Db | Tx;

export interface CustomerData {
  id: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

export function searchTextOf(c: Pick<CustomerData, "email" | "firstName" | "lastName">): string {
  return [c.firstName, c.lastName, c.email].filter(Boolean).join(" ").toLowerCase();
}

/**
 * The one place where a member is created, and so where it is decided whether a customer may
 * become one: anyone a signed source names (a webhook, the app proxy, the events API), except
 * a customer customers/redact erased (docs/decisions/0014). Returns the member, created if
 * new, with their row written (in a transaction: locked until it ends); contact details are
 * left as they are. Throws CustomerRedactedError for a redacted customer, writing nothing.
 */
export async function enrolMember(client: Client, shopId: string, customerId: string) {
  if (await isCustomerRedacted(client, shopId, customerId)) throw new CustomerRedactedError();
  return client.member.upsert({
    where: { shopId_customerId: { shopId, customerId } },
    create: { shopId, customerId },
    update: { updatedAt: new Date() },
  });
}

type EnrolledMember = Awaited<ReturnType<typeof enrolMember>>;

export interface CustomerDetails {
  contact: GivenContact;
  /** When Shopify produced the payload (payloadProducedAt in app/domain/customer-sync.ts). */
  producedAt: Date | null;
  /** Applied with the contact details (so never from a stale payload), when the payload says. */
  verifiedEmail?: boolean;
  /** When the account was created never changes: any payload may fill it in. */
  customerCreatedAt?: Date | null;
}

/**
 * Applies what a customer or order payload says about the customer to their enrolled member
 * by the one rule (contactUpdate in app/domain/customer-sync.ts): only the details it
 * carries, only when it is not older than the member's. `stale`: nothing was applied.
 */
export async function applyCustomerDetails(client: Client, member: EnrolledMember, given: CustomerDetails) {
  const update = contactUpdate(given.contact, given.producedAt, member.profileSyncedAt);
  const contact = update.stale
    ? {}
    : {
        ...update.details,
        ...(Object.keys(update.details).length > 0
          ? { searchText: searchTextOf({ ...member, ...update.details }) }
          : {}),
        ...(update.syncedAt ? { profileSyncedAt: update.syncedAt } : {}),
        ...(given.verifiedEmail !== undefined ? { verifiedEmail: given.verifiedEmail } : {}),
      };
  const data = { ...contact, ...(given.customerCreatedAt ? { customerCreatedAt: given.customerCreatedAt } : {}) };
  const updated =
    Object.keys(data).length > 0
      ? await client.member.update({ where: { id: member.id, shopId: member.shopId }, data })
      : member;
  return { member: updated, stale: update.stale };
}

/** Enrols the customer an order names and applies the contact details the order carries. */
export async function ensureMember(
  client: Client,
  shopId: string,
  customer: CustomerData,
  producedAt: Date | null = null,
) {
  const member = await enrolMember(client, shopId, customer.id);
  const contact = { email: customer.email, firstName: customer.firstName, lastName: customer.lastName };
  return (await applyCustomerDetails(client, member, { contact, producedAt })).member;
}

export async function findMemberByCustomerId(client: Client, shopId: string, customerId: string) {
  return client.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
}

export interface MemberRow {
  id: string;
  customerId: string;
  name: string;
  email: string | null;
  balance: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  joinedAt: string;
}

export interface MemberPage {
  members: MemberRow[];
  page: number;
  pageSize: number;
  total: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

export const MEMBERS_PAGE_SIZE = 25;

/** One page of a shop's members, newest first, optionally filtered by name or e-mail. */
export async function listMembers(
  client: Client,
  shopId: string,
  options: { query?: string; page?: number; pageSize?: number } = {},
): Promise<MemberPage> {
  const pageSize = Math.min(Math.max(options.pageSize ?? MEMBERS_PAGE_SIZE, 1), 100);
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const term = options.query?.trim().toLowerCase();
  const where = { shopId, redactedAt: null, ...(term ? { searchText: { contains: term } } : {}) };
  const [rows, total] = await Promise.all([
    client.member.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    client.member.count({ where }),
  ]);
  return {
    members: rows.map((m) => ({
      id: m.id,
      customerId: m.customerId,
      name: [m.firstName, m.lastName].filter(Boolean).join(" ") || m.email || `Customer ${m.customerId}`,
      email: m.email,
      balance: m.balance,
      lifetimeEarned: m.lifetimeEarned,
      lifetimeRedeemed: m.lifetimeRedeemed,
      joinedAt: m.createdAt.toISOString(),
    })),
    page,
    pageSize,
    total,
    hasPrevious: page > 1,
    hasNext: page * pageSize < total,
  };
}

/**
 * The member for `customerId`, enrolled if new, with their row locked for the rest of the
 * transaction (the update is a real write): rule limits are counted from a history that no
 * concurrent award of the same member can change until this transaction ends. Contact
 * details are left as they are.
 */
export async function lockMemberForAward(tx: Tx, shopId: string, customerId: string) {
  return enrolMember(tx, shopId, customerId);
}
