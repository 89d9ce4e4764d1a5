// A screen's h1, focused when it appears (also after an asynchronous load), so a screen
// reader announces the new screen and Tab continues from the top of it.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

export function PageTitle({ children, id }: { children: ComponentChildren; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 id={id} tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
