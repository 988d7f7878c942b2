/**
 * A route's ErrorBoundary for an id that is not the shop's (another shop's, or gone since):
 * a 404 says so inside the admin's frame with a way back to the list; anything else goes to
 * Shopify's boundary (its auth responses included).
 */
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Card, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";

export function notFoundBoundary({
  title,
  back,
  message,
}: {
  title: string;
  back: { content: string; url: string };
  message: string;
}) {
  return function ErrorBoundary() {
    const error = useRouteError();
    if (isRouteErrorResponse(error) && error.status === 404) {
      return (
        <Page title={title} backAction={back}>
          <Card>
            <Text as="p">{message}</Text>
          </Card>
        </Page>
      );
    }
    return boundary.error(error);
  };
}
