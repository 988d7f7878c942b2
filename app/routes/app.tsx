/**
 * The embedded admin's layout: every /app/* page is authenticated here first, then renders
 * inside Polaris with the App Bridge navigation (Dashboard, Members, Rewards, Earning rules, Campaigns,
 * Challenges, Tiers, Import, Export, Settings, Events API).
 */
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { env } from "../env.server";
import { authenticate } from "../shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  // The validated key (with the demo default), so App Bridge gets the key tokens are checked against.
  return { apiKey: env.SHOPIFY_API_KEY };
};

export default function AdminLayout() {
  const { apiKey } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      {/* The rel="home" link only tells the admin where the app starts; it is not shown. */}
      <NavMenu>
        <Link to="/app" rel="home">
          Dashboard
        </Link>
        <Link to="/app/members">Members</Link>
        <Link to="/app/rewards">Rewards</Link>
        <Link to="/app/rules">Earning rules</Link>
        <Link to="/app/campaigns">Campaigns</Link>
        <Link to="/app/challenges">Challenges</Link>
        <Link to="/app/tiers">Tiers</Link>
        <Link to="/app/imports">Import</Link>
        <Link to="/app/data">Export</Link>
        <Link to="/app/settings">Settings</Link>
        <Link to="/app/developers">Events API</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify's boundary turns the auth library's thrown responses (bounce page, redirects out
// of the iframe) into what the admin expects instead of a generic error page.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
