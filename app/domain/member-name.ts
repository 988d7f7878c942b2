/** What the admin calls a member: their name, else their e-mail, else their Shopify customer number. */
export function memberName(member: {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  customerId: string;
}): string {
  return (
    [member.firstName, member.lastName].filter(Boolean).join(" ") || member.email || `Customer ${member.customerId}`
  );
}
