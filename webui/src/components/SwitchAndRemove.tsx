/** Two command buttons that often go together: switch a thing (enable, resolve) and remove it. */

import { CommandButton } from "./CommandButton";

interface Props {
  /** The label of the switch now: "Enable" or "Disable", "Resolve" or "Reopen". */
  switchLabel: string;
  toggle: () => Promise<unknown>;
  removeLabel: string;
  remove: () => Promise<unknown>;
  onDone: () => void;
}

export function SwitchAndRemove({ switchLabel, toggle, removeLabel, remove, onDone }: Props) {
  return (
    <>
      <CommandButton run={toggle} onDone={onDone}>
        {switchLabel}
      </CommandButton>
      <CommandButton tone="danger" run={remove} onDone={onDone}>
        {removeLabel}
      </CommandButton>
    </>
  );
}
