/**
 * The languages the service answers in: Swedish, the users' language, and
 * English. Which one a request prefers is read from Accept-Language in
 * src/http/accept-language.ts; the labels are in the slices' domain.
 */
export type Language = 'sv' | 'en';
