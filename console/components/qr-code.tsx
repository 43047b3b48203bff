import { encode } from 'uqr';

/**
 * A QR code of `value`, drawn as SVG from the module matrix uqr encodes: one path of unit squares,
 * crisp at any size, dark on white whatever the console's theme (scanners need the contrast), with
 * the quiet zone of four modules the standard asks for.
 */
export function QrCode({ value, label }: { value: string; label: string }) {
  const { data, size } = encode(value, { ecc: 'M', border: 4 });
  const d = data.flatMap((row, y) => row.map((dark, x) => (dark ? `M${x} ${y}h1v1h-1z` : ''))).join('');
  return (
    <svg
      class="qr-code"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      shape-rendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
