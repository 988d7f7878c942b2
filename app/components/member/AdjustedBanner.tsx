import { useLocation, useNavigate } from "@remix-run/react";
import { Banner } from "@shopify/polaris";

const count = new Intl.NumberFormat("en");

/** After a staff adjustment: what changed; dismissing it drops `adjusted` from the URL. */
export function AdjustedBanner({ points, balance }: { points: number; balance: number }) {
  const navigate = useNavigate();
  const location = useLocation();
  const amount = `${count.format(Math.abs(points))} ${Math.abs(points) === 1 ? "point" : "points"}`;
  return (
    <Banner
      tone="success"
      title={points > 0 ? `Added ${amount}` : `Removed ${amount}`}
      onDismiss={() => {
        const params = new URLSearchParams(location.search);
        params.delete("adjusted");
        navigate(`${location.pathname}?${params.toString()}`, { replace: true, preventScrollReset: true });
      }}
    >
      <p>The balance is now {count.format(balance)} points. The adjustment is in the history below.</p>
    </Banner>
  );
}
