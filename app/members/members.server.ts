/** Programme members: enrolment from Shopify customer data, lookup and the admin list. */
import type { Db, Tx } from "../db.server";

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

/** Creates the member on first sight; refreshes the contact details we keep otherwise. */
export async function ensureMember(client: Client, shopId: string, customer: CustomerData) {
  const details = {
    email: customer.email ?? null,
    firstName: customer.firstName ?? null,
    lastName: customer.lastName ?? null,
    searchText: searchTextOf(customer),
  };
  return client.member.upsert({
    where: { shopId_customerId: { shopId, customerId: customer.id } },
    create: { shopId, customerId: customer.id, ...details },
    update: details,
  });
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
  return tx.member.upsert({
    where: { shopId_customerId: { shopId, customerId } },
    create: { shopId, customerId },
    update: { updatedAt: new Date() },
  });
}
