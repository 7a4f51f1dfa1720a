/**
 * Sessions as lazy sequences of clicks: ordinary visits that walk the shop's pages, and the three
 * injected anomalies with their labels. Each click carries the event the producer must make of it.
 */
import type { ClickEvent } from '../producer/click-event.js';
import type { Visitor } from './population.js';
import { between, exponential, integerBetween, pickOne, pickWeighted, type Random } from './seeded-random.js';
import { CATEGORIES, categoryUrl, FIXED_URLS, LANDING, nextPage, PRODUCTS, type Page, type Product } from './site.js';

export type AnomalyLabel = 'bot-burst' | 'cart-abandonment' | 'price-outlier';

/** What a generated click is: ordinary browsing, part of an injected anomaly, or a broken document. */
export type ClickLabel = 'normal' | AnomalyLabel | 'malformed';

export interface PlannedClick {
  readonly event: ClickEvent;
  readonly label: 'normal' | AnomalyLabel;
}

export type SessionKind = 'normal' | AnomalyLabel;

export interface SessionStart {
  readonly kind: SessionKind;
  readonly sessionId: string;
  readonly visitor: Visitor;
  readonly start: number;
}

const SITE = 'https://shop.example';

const REFERRERS: Readonly<Record<string, number>> = {
  direct: 40,
  'https://www.google.com/': 30,
  'https://duckduckgo.com/': 5,
  'https://t.co/': 8,
  'https://www.facebook.com/': 5,
  'https://mail.shop.example/newsletter': 5,
  'https://blog.example/best-gifts': 7,
};

/** Longest ordinary visit, in clicks: a walk that long is a person who left a tab open. */
const MAX_CLICKS = 60;

/** Seconds between a person's clicks: a couple at least, mostly under a minute, never over ten. */
function humanGapMs(random: Random): number {
  return Math.round(Math.min(600, 2 + exponential(random, 28)) * 1000);
}

function cents(value: number): number {
  return Math.max(0.01, Math.round(value * 100) / 100);
}

/** A price 20-100 times the list price: dollars taken for cents, a tampered request. */
function outlierPrice(random: Random, product: Product): number {
  return cents(product.price * between(random, 20, 100));
}

class ClickWriter {
  private count = 0;
  private previousUrl: string | null = null;
  time: number;

  constructor(
    private readonly start: SessionStart,
    private readonly firstReferrer: string | null,
  ) {
    this.time = start.start;
  }

  click(url: string, eventType: string, price: number | null, label: PlannedClick['label']): PlannedClick {
    const { visitor, sessionId } = this.start;
    const referrer = this.count === 0 ? this.firstReferrer : this.previousUrl === null ? null : `${SITE}${this.previousUrl}`;
    const event: ClickEvent = {
      event_id: `${sessionId}-${String(this.count)}`,
      user_id: visitor.userId,
      session_id: sessionId,
      event_type: eventType,
      url,
      referrer,
      ip: visitor.ip,
      zip: visitor.zip,
      user_agent: visitor.userAgent,
      price,
      ts: this.time,
    };
    this.count += 1;
    this.previousUrl = url;
    return { event, label };
  }
}

function sessionReferrer(random: Random): string | null {
  const referrer = pickWeighted(random, REFERRERS);
  return referrer === 'direct' ? null : referrer;
}

/**
 * An ordinary visit: a walk over the site. A price-outlier visit looks at several products first and
 * then sees one at an absurd price: a z-score over n prices cannot exceed sqrt(n - 1), so an outlier
 * among the first few priced clicks would not stand out in any per-user statistic.
 */
function* walk(random: Random, start: SessionStart): Generator<PlannedClick> {
  const writer = new ClickWriter(start, sessionReferrer(random));
  let outlierAtView = start.kind === 'price-outlier' ? integerBetween(random, 5, 9) : 0;
  let page: Page | 'exit' = outlierAtView > 0 ? 'product' : pickWeighted(random, LANDING as Record<Page, number>);
  let viewed: Product | undefined;
  let cart: number[] = [];
  for (let clicks = 0; page !== 'exit' && clicks < MAX_CLICKS; clicks++) {
    if (clicks > 0) writer.time += humanGapMs(random);
    switch (page) {
      case 'product': {
        viewed = pickOne(random, PRODUCTS);
        outlierAtView -= 1;
        const outlier = outlierAtView === 0;
        yield writer.click(viewed.url, 'view', outlier ? outlierPrice(random, viewed) : viewed.price, outlier ? 'price-outlier' : 'normal');
        break;
      }
      case 'category':
        yield writer.click(categoryUrl(pickOne(random, CATEGORIES)), 'view', null, 'normal');
        break;
      case 'cart':
        // The cart is only reached from a product page: that product goes in.
        if (viewed !== undefined) cart = [...cart, viewed.price];
        yield writer.click(FIXED_URLS.cart, 'add_to_cart', viewed?.price ?? null, 'normal');
        break;
      case 'checkout':
        yield writer.click(FIXED_URLS.checkout, 'checkout', cents(cart.reduce((sum, price) => sum + price, 0)), 'normal');
        break;
      case 'confirm':
        yield writer.click(FIXED_URLS.confirm, 'purchase', cents(cart.reduce((sum, price) => sum + price, 0)), 'normal');
        cart = [];
        break;
      default:
        yield writer.click(FIXED_URLS[page], 'view', null, 'normal');
    }
    // Until the outlier is shown, the visitor keeps to product pages.
    page = outlierAtView > 0 ? 'product' : nextPage(random, page);
  }
}

/** Browse a few products, put one or two in the cart, start checkout, leave without buying. */
function* abandonCart(random: Random, start: SessionStart): Generator<PlannedClick> {
  const writer = new ClickWriter(start, sessionReferrer(random));
  const label = 'cart-abandonment';
  let cart = 0;
  const items = integerBetween(random, 1, 2);
  for (let item = 0; item < items; item++) {
    if (item > 0) writer.time += humanGapMs(random);
    let product = pickOne(random, PRODUCTS);
    yield writer.click(product.url, 'view', product.price, label);
    for (let view = integerBetween(random, 0, 2); view > 0; view--) {
      writer.time += humanGapMs(random);
      product = pickOne(random, PRODUCTS);
      yield writer.click(product.url, 'view', product.price, label);
    }
    writer.time += humanGapMs(random);
    cart += product.price;
    yield writer.click(FIXED_URLS.cart, 'add_to_cart', product.price, label);
  }
  writer.time += humanGapMs(random);
  yield writer.click(FIXED_URLS.checkout, 'checkout', cents(cart), label);
}

/** Hundreds to thousands of page loads an hour from one datacenter address, a second or so apart. */
function* botBurst(random: Random, start: SessionStart): Generator<PlannedClick> {
  const writer = new ClickWriter(start, null);
  const clicks = integerBetween(random, 150, 2500);
  for (let index = 0; index < clicks; index++) {
    if (index > 0) writer.time += Math.round(between(random, 300, 3000));
    const target = pickWeighted(random, { product: 70, category: 20, search: 10 });
    if (target === 'product') {
      const product = pickOne(random, PRODUCTS);
      yield writer.click(product.url, 'view', product.price, 'bot-burst');
    } else {
      yield writer.click(target === 'category' ? categoryUrl(pickOne(random, CATEGORIES)) : FIXED_URLS.search, 'view', null, 'bot-burst');
    }
  }
}

export function session(random: Random, start: SessionStart): Generator<PlannedClick> {
  switch (start.kind) {
    case 'bot-burst':
      return botBurst(random, start);
    case 'cart-abandonment':
      return abandonCart(random, start);
    default:
      return walk(random, start);
  }
}
