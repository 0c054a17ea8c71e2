import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import type { ApiConfig } from '../config/app-config';
import { clientAddressOf } from './client-address';
import { FixedWindowCounter, type WindowState } from './fixed-window-counter';

export interface BudgetVerdict extends WindowState {
  withinBudget: boolean;
}

/**
 * Requests per minute per client address on the routes without an API key (tracking links,
 * unsubscribe pages, feeds, health): `PUBLIC_LIMIT_PER_MINUTE`.
 */
@Injectable()
export class PublicRouteBudget {
  private readonly requests = new FixedWindowCounter(60_000);
  private readonly limit: number;

  constructor(config: ConfigService<ApiConfig, true>) {
    this.limit = config.get('PUBLIC_LIMIT_PER_MINUTE', { infer: true });
  }

  /** Counts one request of the client that sent `request`. */
  take(request: Request): BudgetVerdict {
    const state = this.requests.add(clientAddressOf(request));
    return { ...state, withinBudget: state.count <= this.limit };
  }
}
