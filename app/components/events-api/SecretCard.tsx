import { Form } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { CopyField } from "./CopyField";

interface SecretCardProps {
  configured: boolean;
  hint: string | null;
  /** Set right after creation or rotation: the only time the secret is shown. */
  newSecret: string | null;
  submitting: boolean;
}

/** The shop's events secret: whether there is one, and creating or rotating it. */
export function SecretCard({ configured, hint, newSecret, submitting }: SecretCardProps) {
  const [confirming, setConfirming] = useState(false);
  const rotateForm = (label: string) => (
    <Form method="post" onSubmit={() => setConfirming(false)}>
      <input type="hidden" name="intent" value="rotate" />
      <Button submit variant="primary" tone={configured ? "critical" : undefined} loading={submitting}>
        {label}
      </Button>
    </Form>
  );

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Events secret
          </Text>
          {configured ? <Badge tone="success">{`Active, ends in …${hint ?? ""}`}</Badge> : <Badge>Not created</Badge>}
        </InlineStack>
        <Text as="p">
          Your servers sign each request with this secret (HMAC-SHA256). Keep it on your servers: a mobile app should
          send its events to your back end, which signs and forwards them.
        </Text>
        {newSecret && (
          <Banner tone="warning" title="Copy the secret now">
            <BlockStack gap="200">
              <p>For your safety it is not shown again. If you lose it, rotate it and update your systems.</p>
              <CopyField label="Events secret" value={newSecret} />
            </BlockStack>
          </Banner>
        )}
        {!configured && rotateForm("Create secret")}
        {configured && !confirming && (
          <InlineStack>
            <Button onClick={() => setConfirming(true)}>Rotate secret…</Button>
          </InlineStack>
        )}
        {configured && confirming && (
          <Banner tone="critical" title="Rotate the events secret?">
            <BlockStack gap="200">
              <p>
                The current secret stops working immediately: every request signed with it is refused from then on. Put
                the new secret in your systems right after rotating.
              </p>
              <InlineStack gap="200">
                {rotateForm("Rotate now")}
                <Button onClick={() => setConfirming(false)}>Cancel</Button>
              </InlineStack>
            </BlockStack>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}
