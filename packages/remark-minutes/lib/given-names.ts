/**
 * Common given names (German, English, other European and world-wide), used to tell `Kurt will add
 * …` (a person) from `Registration will open …` (a sentence). Names that are also everyday words
 * (Will, May, Mark, Bill, Frank, Grant) are left out on purpose. Names written as people in the
 * document itself (participants) count too.
 */
export const givenNames = new Set(
 (
 'Aaron Adam Adrian Ahmed Alan Albert Alex Alexander Alexandra Alfred Ali Alice Alina Amelie Ana Andre André Andrea ' +
 'Andreas Andrei Andrew Andrzej Angel Angela Angelika Anja Anke Anna Anne Annette Anton Antonio Arne Arno Arthur ' +
 'Axel Barbara Bastian Beate Ben Benedikt Benjamin Bernd Bernhard Bettina Bianca Birgit Bjoern Björn Boris ' +
 'Bozhidar Brian Britta Bruno Carl Carla Carlos Carmen Carolin Caroline Carsten Charlotte Chris Christian ' +
 'Christiane Christina Christine Christoph Christopher Claudia Claus Clemens Cornelia Daniel Daniela Dario ' +
 'David Denis Dennis Diana Dieter Dietmar Dirk Dmitri Dominik Doris Eduard Elena Elias Elisabeth Emil Emma ' +
 'Enrico Eric Erik Erika Ernst Eshter Esther Eva Fabian Felix Filip Finn Florian Francesco Franz ' +
 'Friederike Fritz Gabriel Gabriele Georg George Gerald Gerhard Gregor Guido Gunnar Günter Guenter Hannes ' +
 'Hans Harald Heike Heiko Heinz Helmut Hendrik Henning Henrik Herbert Holger Horst Hubert Ingo Ivan Jakob ' +
 'James Jan Jana Janis Jannik Jens Jessica Joachim Jochen Johann Johannes John Jonas Jonathan Jorge Josef ' +
 'Joseph Josephine Juan Julia Julian Juliane Julius Jörg Joerg Jürgen Juergen Karin Karl Karsten Katharina ' +
 'Kathrin Katja Kerstin Kevin Klaus Konrad Konstantin Kristian Kurt Lars Laura Lea Lena Leon Leonard Lisa ' +
 'Lukas Lucas Ludwig Luis Lutz Magnus Maik Malte Manfred Manuel Manuela Marc Marcel Marco Marcus Maria ' +
 'Marie Marina Mario Marius Markus Marta Martin Martina Marvin Matej Mathias Matthias Matteo Matus Max ' +
 'Maximilian Melanie Michael Michaela Michal Michel Mike Miriam Monika Moritz Nadine Natalie Nico Nicolas ' +
 'Nicole Niklas Nils Nina Norbert Ole Oliver Olaf Oskar Pascal Patrick Paul Paula Peter Petra Philipp Pia ' +
 'Pierre Rainer Ralf Ralph Ramon Regina Reinhard Rene René Richard Robert Robin Roland Roman Ronny Rudolf ' +
 'Sabine Sahil Samuel Sandra Sara Sarah Sascha Sebastian Sergej Silke Simon Simone Sonja Stefan Stefanie ' +
 'Steffen Stephan Stephanie Susanne Sven Tanja Thilo Thomas Thorsten Tibor Till Tim Timo Tino Tobias Tom ' +
 'Toni Torsten Udo Ulrich Ulrike Uwe Valentin Vanessa Veronika Viktor Vincent Volker Walter Werner Wolfgang ' +
 'Yannick Yvonne Zoltan ' +
 // Common English given names, and common given names of other languages.
 'Aarav Abby Abdul Abigail Adele Aditya Adriana Ahmad Aiden Aisha Akira Alan Alana Albert ' +
 'Alejandro Alexis Ali Alicia Allison Alyssa Amanda Amir Amit Amy Ana Anand Andrés ' +
 'Andy Angie Anil Anita Ankit Ann Annie Anthony Antonia Arjun Ashley Audrey ' +
 'Ayumi Barry Becky Ben Benny Bernard Beth Betty Beverly Billy Blake Bob Bobby ' +
 'Bonnie Brad Bradley Brandon Brenda Brendan Brent Brett Brianna Bridget Brittany Brooke Bruce Bryan ' +
 'Caleb Calvin Cameron Candace Carol Caroline Casey Catherine Cathy Chad Charles Charlie Chelsea Chen ' +
 'Cheryl Chloe Cindy Claire Clara Claude Cody Colin Colleen Connor Courtney Craig ' +
 ' Curtis Cynthia Dale Dan Dana Daniela Danny Darren Dave Debbie Deborah ' +
 'Debra Deepak Denise Derek Devin Diane Diego Dmitry Dominic Donald Donna Doug Douglas ' +
 'Dustin Dylan Eddie Edward Eileen Elaine Eli Elif Elijah Elizabeth Ella Ellen ' +
 'Emily Emre Eric Erin Ethan Eugene Evan Evelyn Fatima Fernando Fiona Frances Francis ' +
 'Fred Gabe Gabriela Gary Gaurav Gavin Geoff Geoffrey Gerry Gina Glenn ' +
 'Gloria Gordon Greg Gregory Hailey Hannah Hao Harold Harry Heather Helen Henry Hiroshi ' +
 ' Howard Hugo Ian Igor Ioana Isaac Isabel Jackie Jacob Jacqueline Jake Jamie ' +
 'Jane Janet Janice Jared Jasmine Jason Jay Jean Jeff Jeffrey Jenn Jenna Jennifer Jenny ' +
 'Jeremy Jerry Jesse Jill Jim Jimmy Joan Joanna Jodi Joe Joel Joey Johnny ' +
 'Jon Jorge Josh Joshua José Joyce Juan Judy Julie Justin Kai Kaitlyn ' +
 'Karen Kate Katherine Kathleen Kathy Katie Kay Keith Kelly Ken Kenji Kenneth Kenny ' +
 'Kim Kimberly Kirk Kris Krista Kristen Kristin Kyle Kylie Larry Lauren Laurie ' +
 ' Leo Leslie Liam Linda Lindsay Lindsey Lisa Liz Lori Lorraine ' +
 'Louis Louise Luca Lucia Lucy Luis Luke Lynn Maggie Mandy Marcia Marco ' +
 'Margaret Mariana Marilyn Marissa Marjorie Mary Mateo Matt Matthew Maureen Megan Mehmet Melissa Meredith ' +
 'Mia Micah Miguel Mitchell Mohamed Mohammed Molly Myles Nancy Naomi Nate Nathan Neil ' +
 'Nicholas Nick Nikhil Nikolai Noah Nora Olga Olivia Oscar Owen Pablo Pam Pamela ' +
 'Patricia Pavel Pedro Peggy Phil Phillip Phyllis Priya Rachel Rahul Raj Rajesh Ralph ' +
 'Randy Ravi Raymond Rebecca Rhonda Ricardo Rick Ricky Rob Robbie Roberta Rodney ' +
 'Roger Rohan Ron Ronald Ross Roy Russ Russell Ruth Ryan Sam ' +
 'Samantha Sanjay Sara Scott Sean Sergio Seth Shane Shannon Sharon Shawn Sheila ' +
 'Sherry Shirley Shreya Sofia Sophia Spencer Stacey Stacy Stan Stanley Steve Steven Stuart ' +
 'Sunil Susan Suzanne Takeshi Tammy Tara Tatiana Ted Teresa Terry Theresa Tiffany Tina ' +
 'Todd Tony Tracy Travis Trevor Troy Tyler Valerie Vanessa Vicky Victor Victoria Vikram Vince ' +
 'Virginia Vladimir Walt Wanda Warren Wayne Wei Wendy Wes Wesley Whitney Willie ' +
 'Xavier Yuki Yusuf Zach Zachary Zhang Zoe'
 ).split(' ').filter(Boolean),
)

/**
 * Given names that are also everyday words (left out of `givenNames`): a person only where the form
 * leaves no other reading — opening a line before `to` and a verb of work (`Mark to post a comment`).
 */
export const everydayNames = new Set(['Mark', 'Bill', 'Frank', 'Grant'])

/**
 * Days and months, whole and short, that no rule reads as a name by themselves; a participant's given name among them
 * (`Jun` beside `Jun Park`, `Sun` beside `Sun Tao`) still names that person.
 */
export const calendarWords =
  'Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun Monday Tuesday Wednesday Thursday Friday Saturday Sunday ' +
  'Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec January February March July September October November December'
export const calendarNames = new Set(calendarWords.split(' '))
