/** Words the seed generator builds a plausible workspace from. */
export const firstNames = [
  'Ada', 'Alan', 'Amara', 'Ana', 'Anders', 'Aylin', 'Bea', 'Ben', 'Carla', 'Chen', 'Chidi', 'Dana', 'Diego', 'Elif',
  'Emma', 'Farah', 'Felix', 'Grace', 'Hana', 'Hugo', 'Ines', 'Ivan', 'Jamal', 'Jana', 'Joon', 'Kai', 'Kemi', 'Lars',
  'Lea', 'Liam', 'Lucía', 'Mara', 'Mateo', 'Mei', 'Mila', 'Nadia', 'Noah', 'Nora', 'Omar', 'Olga', 'Pablo', 'Priya',
  'Rafael', 'Rosa', 'Sami', 'Sara', 'Sofia', 'Tariq', 'Tess', 'Theo', 'Uma', 'Vera', 'Wei', 'Yara', 'Yusuf', 'Zoë',
] as const;

export const lastNames = [
  'Abe', 'Adeyemi', 'Alvarez', 'Andersen', 'Bakker', 'Barros', 'Becker', 'Bianchi', 'Brown', 'Castro', 'Chen', 'Costa',
  'Dubois', 'Dvořák', 'Eriksen', 'Fischer', 'Fontaine', 'García', 'Haddad', 'Hansen', 'Ito', 'Jansen', 'Kaur', 'Kim',
  'Kowalski', 'Larsen', 'Lee', 'Lindqvist', 'Moreau', 'Müller', 'Nakamura', 'Nguyen', 'Novak', 'Okafor', "O'Brien",
  'Patel', 'Petrov', 'Quinn', 'Rossi', 'Santos', 'Schmidt', 'Silva', 'Singh', 'Smith', 'Suzuki', 'Tanaka', 'Vargas',
  'Weber', 'Wójcik', 'Yilmaz', 'Zhang',
] as const;

export const companyWords = [
  'Acme', 'Apex', 'Arbor', 'Atlas', 'Beacon', 'Birch', 'Blue River', 'Bright', 'Cedar', 'Cobalt', 'Copper', 'Crescent',
  'Delta', 'Ember', 'Evergreen', 'Falcon', 'Fjord', 'Granite', 'Harbor', 'Helix', 'Horizon', 'Iris', 'Juniper',
  'Keystone', 'Lumen', 'Maple', 'Meridian', 'Nimbus', 'North Star', 'Oak', 'Orbit', 'Pioneer', 'Polaris', 'Quartz',
  'Redwood', 'Sable', 'Sierra', 'Solstice', 'Summit', 'Tidal', 'Vertex', 'Willow', 'Zephyr',
] as const;

export const companySuffixes = ['Labs', 'Logistics', 'Health', 'Foods', 'Systems', 'Energy', 'Studio', 'Partners', 'Robotics', 'Bank', 'Media', 'Works'] as const;

export const industries = ['Software', 'Logistics', 'Healthcare', 'Food & Beverage', 'Manufacturing', 'Energy', 'Design', 'Consulting', 'Finance', 'Media', 'Retail', 'Education'] as const;

export const titles = ['CEO', 'CTO', 'CFO', 'Head of Sales', 'VP Marketing', 'Operations Manager', 'Product Manager', 'Engineer', 'Buyer', 'Office Manager', 'Founder', 'Analyst'] as const;

export const freeMailDomains = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com'] as const;

export const owners = ['user-ada', 'user-ben', 'user-chen', 'user-dana', 'user-elif'] as const;

export const tags = ['vip', 'newsletter', 'partner', 'event-2026', 'churn-risk', 'referral', 'enterprise', 'smb'] as const;

export const lostReasons = ['Chose a competitor', 'No budget', 'Timing', 'No decision', 'Price too high'] as const;

export const noteBodies = [
  'Discussed the roll-out plan and next steps.',
  'Asked for a detailed quote with volume pricing.',
  'Interested in the integration with their billing system.',
  'Follow up after the trade show meeting.',
  'Wants a reference customer in the same industry.',
  'Budget approval expected next quarter.',
] as const;

export const callOutcomes = ['connected', 'voicemail', 'no-answer', 'wrong-number'] as const;
