import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

/** Shopify opens the app at its URL with `shop` set: send it to the embedded admin. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Index() {
  return (
    <main style={{ fontFamily: "system-ui", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Loyalty Bazaar</h1>
      <p>
        Points for orders on every channel and for the ways shoppers engage with your brand, tiers, and a Rewards Bazaar
        where they spend them. Install it from your Shopify admin.
      </p>
    </main>
  );
}
