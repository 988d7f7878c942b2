/**
 * A free product's product chosen with App Bridge's resource picker when the admin offers it
 * (inside Shopify); the offline demo and a plain browser have no picker, and the ID fields
 * next to it are the way there.
 */
import { Button, InlineStack, Text } from "@shopify/polaris";

export interface PickedProduct {
  productId: string;
  /** Set when the merchant chose one variant of a product that has several. */
  variantId: string | null;
  title: string;
  /** The chosen (or only) variant's price, as Shopify writes it ("4.50"). */
  price: string | null;
}

/** Shopify's numeric id from a GraphQL id: gid://shopify/Product/123 → 123. */
export const numericId = (gid: string) => gid.split("/").pop() ?? gid;

export function ProductPicker({ available, onPick }: { available: boolean; onPick: (picked: PickedProduct) => void }) {
  if (!available) {
    return (
      <Text as="p" tone="subdued">
        Enter the product’s ID below. Inside the Shopify admin you can choose it from your products instead.
      </Text>
    );
  }
  const pick = async () => {
    const selection = await window.shopify.resourcePicker({ type: "product", action: "select", multiple: false });
    const product = selection?.[0];
    if (!product) return;
    const variants = product.variants ?? [];
    const oneOfSeveral = variants.length === 1 && (product.totalVariants ?? 1) > 1;
    const variant = variants[0];
    onPick({
      productId: numericId(product.id),
      variantId: oneOfSeveral && variant?.id ? numericId(variant.id) : null,
      title: product.title ?? "",
      price: variant?.price ? String(variant.price) : null,
    });
  };
  return (
    <InlineStack gap="200" blockAlign="center">
      <Button onClick={() => void pick()}>Choose product</Button>
      <Text as="span" tone="subdued">
        or enter its ID below.
      </Text>
    </InlineStack>
  );
}
