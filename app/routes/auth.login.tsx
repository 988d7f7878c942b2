/**
 * Where the auth library sends a visit to /app that did not come from the Shopify admin (no
 * session token). The embedded app signs in through the admin (token exchange), so there is
 * nothing to log in to here: the page says to open the app from the Shopify admin. With
 * `?shop=`, Shopify's `login` sends the merchant to that store's admin to install or open it;
 * a `shop` that is not a store address gets 400.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { login } from "../shopify.server";

export const meta: MetaFunction = () => [{ title: "Open Loyalty Bazaar from your Shopify admin" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  // Throws the redirect to the store's admin when `shop` is a store address.
  const errors = await login(request);
  if (errors.shop) {
    return data(
      {
        error: "invalid_shop" as const,
        message: "That is not a Shopify store address, such as your-store.myshopify.com.",
      },
      { status: 400 },
    );
  }
  return { error: null, message: null };
};

export default function Login() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <main style={{ fontFamily: "system-ui", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Open Loyalty Bazaar from your Shopify admin</h1>
      <p>
        Loyalty Bazaar runs inside your Shopify admin, which signs you in. In your admin, choose <strong>Apps</strong>,
        then <strong>Loyalty Bazaar</strong>.
      </p>
      <form method="get">
        <label>
          Or enter your store&apos;s address to open it there:{" "}
          <input name="shop" type="text" placeholder="your-store.myshopify.com" autoComplete="off" />
        </label>{" "}
        <button type="submit">Open</button>
      </form>
      {message ? <p role="alert">{message}</p> : null}
    </main>
  );
}
