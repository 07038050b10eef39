/**
 * Common given names (German, English and other European), used to tell `Kurt will add …` (a
 * person) from `Registration will open …` (a sentence). Names that are also everyday words
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
    'Yannick Yvonne Zoltan'
  ).split(' '),
)
