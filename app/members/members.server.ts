/** Programme members: enrolment from Shopify customer data, lookup and the admin list. */
import { CustomerRedactedError, isCustomerRedacted } from "../compliance/redactions.server";
import { memberName } from "../domain/member-name";
import type { Db, Tx } from "../db.server";
import { contactUpdate, type GivenContact } from "../domain/customer-sync";

type Client = Db | Tx;

export interface CustomerData {
  id: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** The customer's tags as the order carries them (customerTagsOf); undefined: not carried. */
  tags?: readonly string[];
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
  /** Member.customerTags, applied like the contact details (never from a stale payload), when the payload carries them. */
  customerTags?: readonly string[];
}

/** The columns a customer or order payload may change on its member. */
export interface MemberDetailsChange {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  searchText?: string;
  profileSyncedAt?: Date;
  verifiedEmail?: boolean;
  customerCreatedAt?: Date;
  /** JSON list (customerTagsOf). */
  customerTags?: string;
}

/**
 * What a customer or order payload changes on its enrolled member, by the one rule
 * (contactUpdate in app/domain/customer-sync.ts): only the details it carries, only when it
 * is not older than the member's. `stale`: nothing is to be applied. Both order stores
 * (app/orders/order-store.server.ts) write what this returns.
 */
export function customerDetailsChange(
  member: Pick<EnrolledMember, "email" | "firstName" | "lastName" | "profileSyncedAt">,
  given: CustomerDetails,
): { data: MemberDetailsChange; stale: boolean } {
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
        ...(given.customerTags !== undefined ? { customerTags: JSON.stringify(given.customerTags) } : {}),
      };
  const data = { ...contact, ...(given.customerCreatedAt ? { customerCreatedAt: given.customerCreatedAt } : {}) };
  return { data, stale: update.stale };
}

/** Applies customerDetailsChange to the member. `stale`: nothing was applied. */
export async function applyCustomerDetails(client: Client, member: EnrolledMember, given: CustomerDetails) {
  const { data, stale } = customerDetailsChange(member, given);
  const updated =
    Object.keys(data).length > 0
      ? await client.member.update({ where: { id: member.id, shopId: member.shopId }, data })
      : member;
  return { member: updated, stale };
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
  const tags = customer.tags ? { customerTags: customer.tags } : {};
  return (await applyCustomerDetails(client, member, { contact, producedAt, ...tags })).member;
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
  /** The member's tier now; null: none. */
  tier: { id: string; name: string } | null;
}

/** Which members by tier: any tier, only those without one, or those of one tier (its id). */
export type TierFilter = { kind: "any" } | { kind: "none" } | { kind: "tier"; tierId: string };

export interface MemberPage {
  members: MemberRow[];
  page: number;
  pageSize: number;
  total: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

export const MEMBERS_PAGE_SIZE = 25;

/**
 * A LIKE pattern that finds `term` anywhere, with LIKE's own characters (`%`, `_` and the
 * escape `\`) standing for themselves: a search for "100%" is not a search for "100".
 */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The ids of one page of a search, newest first. Raw SQL because Prisma's `contains` passes
 * `%` and `_` through as wildcards and cannot name an escape character; `LIKE … ESCAPE` is
 * the same on SQLite and PostgreSQL, and searchText and the term are both lower-cased, so
 * SQLite's case-insensitive LIKE and PostgreSQL's case-sensitive one agree.
 */
async function searchMemberIds(
  client: Client,
  shopId: string,
  term: string,
  tier: TierFilter,
  skip: number,
  take: number,
) {
  const pattern = containsPattern(term);
  // One statement for every filter: the kind and the id are plain text parameters.
  const kind = tier.kind;
  const tierId = tier.kind === "tier" ? tier.tierId : "";
  const [rows, counted] = await Promise.all([
    client.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Member"
      WHERE "shopId" = ${shopId} AND "redactedAt" IS NULL AND "searchText" LIKE ${pattern} ESCAPE '\\'
        AND (${kind} = 'any' OR (${kind} = 'none' AND "tierId" IS NULL) OR "tierId" = ${tierId})
      ORDER BY "createdAt" DESC, "id" DESC
      LIMIT ${take} OFFSET ${skip}`,
    client.$queryRaw<{ total: number | bigint }[]>`
      SELECT COUNT(*) AS "total" FROM "Member"
      WHERE "shopId" = ${shopId} AND "redactedAt" IS NULL AND "searchText" LIKE ${pattern} ESCAPE '\\'
        AND (${kind} = 'any' OR (${kind} = 'none' AND "tierId" IS NULL) OR "tierId" = ${tierId})`,
  ]);
  return { ids: rows.map((r) => r.id), total: Number(counted[0]?.total ?? 0) };
}

/** One page of a shop's members, newest first, optionally filtered by name or e-mail and by tier. */
export async function listMembers(
  client: Client,
  shopId: string,
  options: { query?: string; page?: number; pageSize?: number; tier?: TierFilter } = {},
): Promise<MemberPage> {
  const tier = options.tier ?? { kind: "any" };
  const tierWhere = tier.kind === "any" ? {} : { tierId: tier.kind === "none" ? null : tier.tierId };
  const include = { tier: { select: { id: true, name: true } } };
  const pageSize = Math.min(Math.max(options.pageSize ?? MEMBERS_PAGE_SIZE, 1), 100);
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const term = options.query?.trim().toLowerCase();
  const skip = (page - 1) * pageSize;
  const orderBy = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const [rows, total] = term
    ? await searchMemberIds(client, shopId, term, tier, skip, pageSize).then(async ({ ids, total }) => {
        const found = await client.member.findMany({ where: { shopId, id: { in: ids } }, orderBy, include });
        return [found, total] as const;
      })
    : await Promise.all([
        client.member.findMany({
          where: { shopId, redactedAt: null, ...tierWhere },
          orderBy,
          skip,
          take: pageSize,
          include,
        }),
        client.member.count({ where: { shopId, redactedAt: null, ...tierWhere } }),
      ]);
  return {
    members: rows.map((m) => ({
      id: m.id,
      customerId: m.customerId,
      name: memberName(m),
      email: m.email,
      balance: m.balance,
      lifetimeEarned: m.lifetimeEarned,
      lifetimeRedeemed: m.lifetimeRedeemed,
      joinedAt: m.createdAt.toISOString(),
      tier: m.tier ? { id: m.tier.id, name: m.tier.name } : null,
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
