export { serviceColour } from '../../core/share/palette';
