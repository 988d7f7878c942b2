/**
 * The list actions campaigns and challenges share: pause/resume, move up/down and archive
 * (with a confirmation that says what archiving keeps), posting `intent` and the row's id.
 */
import { Badge, Button, ButtonGroup, Modal } from "@shopify/polaris";
import type { RowIntent } from "../../admin/programme-rows.server";

export type { RowIntent };

export function RowActions({
  row,
  first,
  last,
  busy,
  onAct,
  onArchive,
}: {
  row: { id: string; title: string; active: boolean };
  first: boolean;
  last: boolean;
  busy: boolean;
  onAct: (intent: RowIntent, id: string) => void;
  onArchive: (row: { id: string; title: string }) => void;
}) {
  return (
    <ButtonGroup noWrap>
      <Button
        size="slim"
        onClick={() => onAct(row.active ? "pause" : "resume", row.id)}
        loading={busy}
        accessibilityLabel={`${row.active ? "Pause" : "Resume"} ${row.title}`}
      >
        {row.active ? "Pause" : "Resume"}
      </Button>
      <Button
        size="slim"
        disabled={first}
        onClick={() => onAct("up", row.id)}
        accessibilityLabel={`Move ${row.title} up`}
      >
        ↑
      </Button>
      <Button
        size="slim"
        disabled={last}
        onClick={() => onAct("down", row.id)}
        accessibilityLabel={`Move ${row.title} down`}
      >
        ↓
      </Button>
      <Button
        size="slim"
        tone="critical"
        variant="plain"
        onClick={() => onArchive({ id: row.id, title: row.title })}
        accessibilityLabel={`Archive ${row.title}`}
      >
        Archive
      </Button>
    </ButtonGroup>
  );
}

export function ArchiveModal({
  archiving,
  what,
  explanation,
  busy,
  onClose,
  onArchive,
}: {
  archiving: { id: string; title: string } | null;
  what: string;
  explanation: string;
  busy: boolean;
  onClose: () => void;
  onArchive: (id: string) => void;
}) {
  return (
    <Modal
      open={archiving !== null}
      onClose={onClose}
      title={`Archive “${archiving?.title ?? ""}”?`}
      primaryAction={{
        content: `Archive ${what}`,
        destructive: true,
        loading: busy,
        onAction: () => archiving && onArchive(archiving.id),
      }}
      secondaryActions={[{ content: "Keep it", onAction: onClose }]}
    >
      <Modal.Section>
        <p>{explanation}</p>
      </Modal.Section>
    </Modal>
  );
}

export function PhaseBadge({ phase }: { phase: string }) {
  if (phase === "running" || phase === "active") return <Badge tone="success">Active</Badge>;
  if (phase === "scheduled") return <Badge tone="info">Scheduled</Badge>;
  if (phase === "paused") return <Badge>Paused</Badge>;
  return <Badge tone="warning">Ended</Badge>;
}
