// The lead-scoring pipeline of examples/lead-scoring.ts: fit (who the lead is), engagement (what the lead
// does), an MQL/SQL qualification with hysteresis, A–D × 1–4 grades and segments by grade. Plain data: the
// same object could be a JSON file (`scorekit validate` checks it).
import {
  attributes,
  behaviour,
  definePipeline,
  grades,
  segments,
  thresholds,
  weighted,
} from '../src/index.js';

export const leadScoring = definePipeline({
  id: 'b2b-leads',
  description: 'B2B lead scoring: fit on firmographics, engagement on events, grades and stages',
  scorers: [
    attributes({
      name: 'fit',
      rules: [
        {
          criterion: 'size',
          when: { field: 'company.employees', gte: 1000 },
          points: 30,
          reason: 'Enterprise (1,000+ employees)',
        },
        {
          criterion: 'size',
          when: { field: 'company.employees', gte: 200 },
          points: 20,
          reason: 'Mid-market (200+ employees)',
        },
        {
          criterion: 'size',
          when: { field: 'company.employees', gte: 50 },
          points: 10,
          reason: 'Small business (50+ employees)',
        },
        {
          criterion: 'industry',
          when: { field: 'company.industry', in: ['software', 'ecommerce', 'retail'] },
          points: 20,
          reason: 'Target industry',
        },
        {
          criterion: 'country',
          when: { field: 'company.country', in: ['FR', 'BE', 'CH'] },
          points: 15,
          reason: 'Core market',
        },
        {
          criterion: 'country',
          when: { field: 'company.country', in: ['DE', 'ES', 'GB'] },
          points: 8,
          reason: 'Expansion market',
        },
        {
          criterion: 'role',
          when: {
            any: [
              { field: 'jobTitle', startsWith: 'Chief' },
              { field: 'jobTitle', startsWith: 'VP' },
              { field: 'jobTitle', startsWith: 'Head' },
              { field: 'jobTitle', endsWith: 'Director' },
            ],
          },
          points: 25,
          reason: 'Decision maker',
        },
        {
          criterion: 'role',
          when: { field: 'jobTitle', endsWith: 'Manager' },
          points: 12,
          reason: 'Manager',
        },
        {
          criterion: 'role',
          when: { field: 'jobTitle', in: ['Intern', 'Student'] },
          points: -10,
          reason: 'Not a buyer',
        },
        { when: { field: 'email', endsWith: '@gmail.com' }, points: -10, reason: 'Personal email' },
      ],
    }),
    behaviour({
      customerKey: 'leadId',
      halfLife: { days: 30 },
      cap: 100,
      floor: -50,
      rules: [
        {
          id: 'demo',
          event: 'form_submit',
          when: { field: 'form', eq: 'demo' },
          points: 40,
          once: true,
          reason: 'Requested a demo',
        },
        {
          id: 'contact',
          event: 'form_submit',
          when: { field: 'form', eq: 'contact' },
          points: 20,
          once: true,
          reason: 'Contact form',
        },
        {
          id: 'pricing',
          event: 'page_view',
          when: { field: 'url', startsWith: '/pricing' },
          points: 5,
          cap: 20,
          within: { days: 30 },
          reason: 'Visited /pricing',
        },
        {
          id: 'docs',
          event: 'page_view',
          when: { field: 'url', startsWith: '/docs' },
          points: 2,
          cap: 10,
          reason: 'Read the docs',
        },
        {
          id: 'webinar',
          event: 'webinar_attended',
          points: 15,
          cap: 30,
          within: { days: 90 },
          reason: 'Attended a webinar',
        },
        { id: 'click', event: 'email_click', points: 3, cap: 15, reason: 'Clicked an email' },
        { id: 'open', event: 'email_open', points: 1, perDay: 2, cap: 10, reason: 'Opened an email' },
        {
          id: 'careers',
          event: 'page_view',
          when: { field: 'url', eq: '/careers' },
          points: -5,
          cap: 10,
          reason: 'Looked at jobs',
        },
        { id: 'bounce', event: 'email_bounce', points: -10, cap: 20, decay: 'none', reason: 'Email bounced' },
        {
          id: 'unsubscribe',
          event: 'unsubscribe',
          points: -30,
          once: true,
          decay: 'none',
          reason: 'Unsubscribed',
        },
      ],
    }),
  ],
  combine: weighted({ fit: 0.5, engagement: 0.5 }, { scale: 100 }),
  qualify: thresholds(
    [
      { label: 'SQL', min: 60 },
      { label: 'MQL', min: 40 },
      { label: 'Lead', min: 0 },
    ],
    { margin: 5, previous: 'stage' },
  ),
  grade: grades({
    fit: {
      scorer: 'fit',
      levels: [{ label: 'A', min: 60 }, { label: 'B', min: 40 }, { label: 'C', min: 20 }, { label: 'D' }],
    },
    engagement: {
      scorer: 'engagement',
      levels: [{ label: '1', min: 50 }, { label: '2', min: 25 }, { label: '3', min: 10 }, { label: '4' }],
    },
  }),
  segment: segments({
    rules: [
      {
        when: { field: 'grade.cell', in: ['A1', 'A2', 'B1'] },
        segment: {
          key: 'call',
          label: 'Call this week',
          color: '#1a7f37',
          action: 'Assign to a sales rep; call within 48 h',
        },
      },
      {
        when: { field: 'grade.cell', in: ['A3', 'A4', 'B2', 'B3'] },
        segment: {
          key: 'warm-up',
          label: 'Warm up',
          color: '#0969da',
          action: 'Account-based campaign: case studies, invitations',
        },
      },
      {
        when: { field: 'grade.cell', in: ['C1', 'C2', 'D1', 'D2'] },
        segment: {
          key: 'qualify',
          label: 'Qualify',
          color: '#bf8700',
          action: 'Engaged but off target: check fit before sales',
        },
      },
    ],
    otherwise: { key: 'nurture', label: 'Nurture', color: '#8c959f', action: 'Keep in the newsletter' },
  }),
});
