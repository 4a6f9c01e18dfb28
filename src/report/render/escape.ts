/** Escapes text for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const COLOR = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,30}|(rgb|hsl)a?\([\d\s.,%]{1,60}\))$/;

/** A CSS colour safe to put in an attribute, or grey. */
export function safeColor(color: string | undefined): string {
  return color !== undefined && COLOR.test(color) ? color : '#8c959f';
}
