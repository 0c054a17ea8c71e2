/**
 * The legacy service's transparent 1×1 GIF, byte for byte (43 bytes): GIF89a header, a two-colour
 * palette, a graphic control extension marking colour 0 transparent, one pixel of colour 0.
 */
export const TRANSPARENT_GIF = Buffer.from(
  '47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b',
  'hex',
);
