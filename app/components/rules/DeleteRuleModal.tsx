import { Modal, Text } from "@shopify/polaris";

/** Deleting asks first, and says what happens to the points already given. */
export function DeleteRuleModal({
  name,
  open,
  deleting,
  onClose,
  onDelete,
}: {
  name: string;
  open: boolean;
  deleting: boolean;
  onClose: () => void;
  onDelete: () => void;
}) {
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Delete “${name}”?`}
      primaryAction={{ content: "Delete rule", destructive: true, loading: deleting, onAction: onDelete }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <Text as="p">
          Shoppers stop earning points from this rule. Points it already gave stay on their balances and in their
          history. To stop it for a while instead, pause it.
        </Text>
      </Modal.Section>
    </Modal>
  );
}
