/** A search hit's passage, its matched words marked (the server splits it into parts). */

import type { SnippetPart } from "../../../lib/api/types";

export function Snippet({ parts }: { parts: SnippetPart[] }) {
  if (parts.length === 0) return <span className="muted">(no text)</span>;
  return (
    <span className="snippet">
      {parts.map((part, index) =>
        part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
      )}
    </span>
  );
}
