/**
 * What the members list shows when it has nothing to show. Two different situations: no
 * shopper has joined yet (tell the merchant how members appear), or the search matched no
 * one (offer to clear it).
 */
import { EmptyState } from "@shopify/polaris";

// Inline so the page never depends on an image CDN (the offline demo cannot reach one).
export const EMPTY_ILLUSTRATION =
  "data:image/svg+xml," +
  encodeURIComponent(
    // Sized like Polaris's own empty-state art (226 px with space around the subject).
    '<svg xmlns="http://www.w3.org/2000/svg" width="226" height="226" viewBox="0 0 226 226">' +
      '<circle cx="113" cy="113" r="64" fill="#ebebeb"/>' +
      '<path d="M113 73l12 24.4 27 3.9-19.5 19 4.6 26.8L113 134.5l-24.1 12.6 4.6-26.8-19.5-19 27-3.9z" fill="#b5b5b5"/>' +
      "</svg>",
  );

export function MembersEmptyState({
  searchTerm,
  tierName = null,
  clearSearchUrl,
}: {
  searchTerm: string;
  /** The tier filter's name, when the list is filtered by tier. */
  tierName?: string | null;
  clearSearchUrl: string;
}) {
  if (tierName && !searchTerm) {
    return (
      <EmptyState
        heading={`No members in ${tierName}`}
        image={EMPTY_ILLUSTRATION}
        action={{ content: "Show all members", url: clearSearchUrl }}
      >
        <p>Members appear here when they reach the tier or staff assign it.</p>
      </EmptyState>
    );
  }
  if (searchTerm) {
    return (
      <EmptyState
        heading={`No members match “${searchTerm}”`}
        image={EMPTY_ILLUSTRATION}
        action={{ content: "Clear search", url: clearSearchUrl }}
      >
        <p>Check the spelling, or search by another part of the name or e-mail address.</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState heading="No members yet" image={EMPTY_ILLUSTRATION}>
      <p>
        Shoppers become members when they place their first order or join from your store. They will appear here with
        their points.
      </p>
    </EmptyState>
  );
}
