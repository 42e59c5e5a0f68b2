import type { ScoringRules } from './scoring-rules.schema.js';

/**
 * Rules a B2B workspace can start from: fit from seniority, company size and a work address;
 * engagement from form submissions, meetings, answered calls, replies and won deals, fading over
 * weeks. Grades A (60+), B (35+), C (15+), D. Copy and adjust them: they are plain data.
 */
export const defaultScoringRules: ScoringRules = {
  fit: {
    cap: 50,
    rules: [
      {
        id: 'senior-title',
        label: 'Senior title',
        points: 15,
        when: { any: ['Chief', 'CEO', 'CTO', 'CFO', 'Founder', 'VP', 'Vice President', 'Head of', 'Director'].map((word) => ({ field: 'contact.title', contains: word })) },
      },
      { id: 'mid-size-company', label: 'Mid-size company', points: 15, when: { field: 'company.size', in: ['51-200', '201-500', '501-1000'] } },
      { id: 'large-company', label: 'Large company', points: 20, when: { field: 'company.size', in: ['1001-5000', '5001+'] } },
      { id: 'has-phone', label: 'Phone number given', points: 5, when: { field: 'contact.phones', exists: true } },
      { id: 'sales-qualified', label: 'Sales-qualified', points: 10, when: { field: 'contact.lifecycleStage', in: ['salesQualified', 'opportunity'] } },
      { id: 'free-mail', label: 'Personal email address', points: -10, when: { field: 'contact.emails', freeMail: true } },
    ],
  },
  engagement: {
    cap: 50,
    rules: [
      { id: 'form-submission', label: 'Submitted a form', points: 10, match: { types: ['formSubmission'] }, halfLifeDays: 30, maxCount: 3 },
      { id: 'meeting', label: 'Met with us', points: 8, match: { types: ['meeting'] }, halfLifeDays: 45, maxCount: 5 },
      { id: 'call-connected', label: 'Took a call', points: 5, match: { types: ['call'], outcomes: ['connected'] }, halfLifeDays: 30, maxCount: 5 },
      { id: 'email-reply', label: 'Wrote to us', points: 3, match: { types: ['email'], directions: ['inbound'] }, halfLifeDays: 21, maxCount: 5 },
      { id: 'deal-won', label: 'Won a deal with us', points: 15, match: { types: ['stageChange'], toStatuses: ['won'] }, halfLifeDays: 180 },
    ],
  },
  grades: [{ name: 'A', min: 60 }, { name: 'B', min: 35 }, { name: 'C', min: 15 }, { name: 'D' }],
};
