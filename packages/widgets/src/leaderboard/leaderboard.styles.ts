import { css } from 'lit';

/** The leaderboard's own rules: the first place's label stands out. */
export const leaderboardStyles = css`
  .chart .first {
    font-weight: 600;
  }
`;
