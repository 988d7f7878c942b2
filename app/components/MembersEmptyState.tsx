/**
 * What the members list shows when it has nothing to show. Two different situations: no
 * shopper has joined yet (tell the merchant how members appear), or the search matched no
 * one (offer to clear it).
 */
import { EmptyState } from "@shopify/polaris";

// Inline so the page never depends on an image CDN (the offline demo cannot reach one).
const ILLUSTRATION =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">' +
      '<circle cx="60" cy="60" r="56" fill="#f1f1f1"/>' +
      '<path d="M60 28l9.4 19 21 3-15.2 14.8 3.6 20.9L60 75.8 41.2 85.7l3.6-20.9L29.6 50l21-3z" fill="#c9c9c9"/>' +
      "</svg>",
  );

export function MembersEmptyState({ searchTerm, clearSearchUrl }: { searchTerm: string; clearSearchUrl: string }) {
  if (searchTerm) {
    return (
      <EmptyState
        heading={`No members match “${searchTerm}”`}
        image={ILLUSTRATION}
        action={{ content: "Clear search", url: clearSearchUrl }}
      >
        <p>Check the spelling, or search by another part of the name or e-mail address.</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState heading="No members yet" image={ILLUSTRATION}>
      <p>
        Shoppers become members when they place their first order or join from your store. They will appear here
        with their points.
      </p>
    </EmptyState>
  );
}
