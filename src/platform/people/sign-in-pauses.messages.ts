import { defineMessages } from '../i18n/i18n.js';

export const signInPauseMessages = defineMessages(
  {
    'people.pausesTitle': 'Pausade inloggningar',
    'people.pausesLead':
      'Efter upprepade misslyckade försök pausar Samtrygg inloggningen en stund, längre för varje nytt misslyckat försök. Den som har loggat in i samma webbläsare förut kan ändå logga in. Häv pausen om du vet att det var personen själv som försökte.',
    'people.pausesCaption': 'Personer vars inloggning är pausad',
    'people.pauseState': 'Läge',
    'people.pausePassword': 'Inloggningen är pausad till klockan {time} efter {count} misslyckade försök.',
    'people.pauseSecondFactor': 'Tvåstegsverifieringen är pausad till klockan {time} efter {count} felaktiga koder.',
    'people.liftPause': 'Häv pausen för {name}',
    'people.liftPauseShort': 'Häv pausen',
    'people.pauseLifted': 'Pausen är hävd. Personen kan logga in igen.',
    'people.pauseNothingToLift': 'Det fanns ingen paus att häva.',
  },
  {
    'people.pausesTitle': 'Paused sign-ins',
    'people.pausesLead':
      'After repeated failed attempts Samtrygg pauses signing in for a while, longer after each new failure. People who have signed in with the same browser before can still sign in. Lift the pause if you know it was the person themselves who tried.',
    'people.pausesCaption': 'People whose sign-in is paused',
    'people.pauseState': 'State',
    'people.pausePassword': 'Sign-in is paused until {time} after {count} failed attempts.',
    'people.pauseSecondFactor': 'Two-step verification is paused until {time} after {count} wrong codes.',
    'people.liftPause': 'Lift the pause for {name}',
    'people.liftPauseShort': 'Lift pause',
    'people.pauseLifted': 'The pause has been lifted. The person can sign in again.',
    'people.pauseNothingToLift': 'There was no pause to lift.',
  },
);
