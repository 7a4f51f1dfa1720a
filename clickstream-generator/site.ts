/**
 * The synthetic shop: its pages, its product catalog and how visitors move between pages. Every URL
 * here is in reference/page-categories.jsonl (a test checks it), so jobs that look pages up find them.
 */
import { normal, pickWeighted, seededRandom, type Random } from './seeded-random.js';

export const CATEGORIES = ['shoes', 'bags', 'outdoor', 'kitchen', 'toys', 'books'] as const;

export interface Product {
  readonly id: number;
  readonly url: string;
  readonly category: (typeof CATEGORIES)[number];
  /** List price in dollars, with cents. */
  readonly price: number;
}

export const PRODUCT_COUNT = 60;

/** The catalog is the same for every clickstream seed: prices come from their own fixed seed. */
export const PRODUCTS: readonly Product[] = (() => {
  const random = seededRandom(20261123);
  return Array.from({ length: PRODUCT_COUNT }, (_, index) => {
    // Log-normal-ish: most items 10-60 dollars, a few over 150.
    const price = Math.round(Math.exp(3 + 0.8 * normal(random)) * 100) / 100;
    return { id: index + 1, url: `/products/${String(index + 1)}`, category: CATEGORIES[index % CATEGORIES.length] ?? 'shoes', price: Math.max(1.99, price) };
  });
})();

export type Page = 'home' | 'search' | 'category' | 'product' | 'cart' | 'checkout' | 'confirm' | 'account' | 'help';

export const FIXED_URLS = { home: '/', search: '/search', cart: '/cart', checkout: '/checkout', confirm: '/checkout/confirm', account: '/account', help: '/help' } as const;

export const categoryUrl = (category: (typeof CATEGORIES)[number]) => `/category/${category}`;

/** Where a visitor goes next from each page; `exit` ends the session. Weights, not probabilities. */
const NEXT: Readonly<Record<Page, Readonly<Partial<Record<Page | 'exit', number>>>>> = {
  home: { search: 25, category: 30, product: 25, account: 4, help: 2, exit: 14 },
  search: { product: 55, search: 15, category: 5, exit: 25 },
  category: { product: 60, category: 10, search: 5, exit: 25 },
  product: { product: 30, cart: 18, category: 15, search: 10, home: 3, exit: 24 },
  cart: { checkout: 50, product: 35, exit: 15 },
  // Ordinary visitors who reach checkout buy: leaving there is the injected cart-abandonment anomaly,
  // so its label is exact.
  checkout: { confirm: 100 },
  confirm: { home: 25, exit: 75 },
  account: { home: 40, exit: 60 },
  help: { home: 30, search: 20, exit: 50 },
};

export function nextPage(random: Random, from: Page): Page | 'exit' {
  return pickWeighted(random, NEXT[from] as Record<Page | 'exit', number>);
}

/** Where sessions start. */
export const LANDING: Readonly<Partial<Record<Page, number>>> = { home: 40, product: 35, search: 15, category: 10 };

/** Every URL the shop has: what reference/page-categories.jsonl must cover. */
export function siteUrls(): { url: string; category: string; is_checkout: boolean }[] {
  return [
    { url: FIXED_URLS.home, category: 'home', is_checkout: false },
    { url: FIXED_URLS.search, category: 'search', is_checkout: false },
    ...CATEGORIES.map((category) => ({ url: categoryUrl(category), category: 'category', is_checkout: false })),
    ...PRODUCTS.map((product) => ({ url: product.url, category: 'product', is_checkout: false })),
    { url: FIXED_URLS.cart, category: 'cart', is_checkout: true },
    { url: FIXED_URLS.checkout, category: 'checkout', is_checkout: true },
    { url: FIXED_URLS.confirm, category: 'checkout', is_checkout: true },
    { url: FIXED_URLS.account, category: 'account', is_checkout: false },
    { url: FIXED_URLS.help, category: 'support', is_checkout: false },
  ];
}
