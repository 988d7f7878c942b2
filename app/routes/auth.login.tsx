/**
 * Where the auth library sends a visit to /app that did not come from the Shopify admin (no
 * session token). The embedded app signs in through the admin (token exchange), so there is
 * nothing to log in to here: the page says to open the app from the Shopify admin. With
 * `?shop=`, Shopify's `login` sends the merchant to that store's admin to install or open it;
 * a `shop` that is not a store address gets 400. A posted form with `shop` does the same.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { login } from "../shopify.server";

export const meta: MetaFunction = () => [{ title: "Open Loyalty Bazaar from your Shopify admin" }];

export const loader = async ({ request }: LoaderFunctionArgs) => openInAdmin(request, null);

/** A form posted here (as Shopify's app template's login form does): its `shop`, if any. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const form = await request.formData().catch(() => null);
  const shop = form?.get("shop");
  if (typeof shop !== "string" || shop.trim() === "") {
    return data(
      { error: "missing_shop" as const, message: "Enter your store's address, such as your-store.myshopify.com." },
      { status: 400 },
    );
  }
  return openInAdmin(request, shop);
};

/**
 * Shopify's `login`: throws the redirect to the store's admin when `shop` is a store address,
 * and says what is wrong otherwise. Always asked as a GET, so it never reads a body itself.
 */
async function openInAdmin(request: Request, shop: string | null) {
  const url = new URL(request.url);
  if (shop !== null) url.searchParams.set("shop", shop);
  const errors = await login(new Request(url, { method: "GET", headers: request.headers }));
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
}

export default function Login() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const message = posted?.message ?? loaded.message;
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
