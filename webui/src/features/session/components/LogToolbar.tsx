/** The bar above a log: how much of it is loaded, and whether state changes are shown. */

interface Props {
  count: number;
  /** Whether there is an older page to load. */
  hasOlder: boolean;
  /** Whether the log stops short of the live end. */
  behind: boolean;
  loadingOlder: boolean;
  olderRemoved: boolean;
  showChanges: boolean;
  onShowChanges: (show: boolean) => void;
}

export function LogToolbar({
  count,
  hasOlder,
  behind,
  loadingOlder,
  olderRemoved,
  showChanges,
  onShowChanges,
}: Props) {
  return (
    <div className="log-toolbar">
      <span className="muted" data-testid="log-count">
        {count.toLocaleString()} events loaded
        {hasOlder
          ? " · scroll up for older"
          : olderRemoved
            ? " · older ones removed by retention"
            : " · from the start"}
        {behind && " · scroll down for newer"}
        {loadingOlder && " · loading older…"}
      </span>
      <label className="toggle">
        <input
          type="checkbox"
          checked={showChanges}
          onChange={(e) => onShowChanges(e.target.checked)}
        />
        state changes
      </label>
    </div>
  );
}
